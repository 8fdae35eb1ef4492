package dev.rgmanager.operator.resource;

import dev.rgmanager.api.v1alpha1.AddressResource;
import dev.rgmanager.api.v1alpha1.ClusterService;
import dev.rgmanager.api.v1alpha1.ResourceType;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.ServicePortBuilder;
import java.util.List;
import java.util.Map;

/**
 * A floating address: a Kubernetes Service kept for the life of the ClusterService (so its address
 * never changes), whose selector names the current owner node, so it routes to the owner only.
 * Stopping points the selector at no node.
 */
public class AddressActuator implements ResourceActuator {
  static final String NO_OWNER = "none";
  private final ObjectCache objects;

  public AddressActuator(ObjectCache objects) {
    this.objects = objects;
  }

  @Override
  public ResourceType type() {
    return ResourceType.IP;
  }

  public static String serviceName(ClusterService service, TreeEntry entry) {
    AddressResource ip = entry.resource().ip();
    return ip.serviceName() != null
        ? ip.serviceName()
        : Names.child(service.getMetadata().getName(), entry.name());
  }

  @Override
  public void start(ClusterService service, TreeEntry entry, String node) {
    route(service, entry, node);
  }

  /**
   * The Service an older operator made under the name without a hash, if it is still there and this
   * service's: it is routed with the new one, so clients still using it never reach a node that no
   * longer owns the service.
   */
  private Service legacy(ClusterService service, TreeEntry entry) {
    if (entry.resource().ip().serviceName() != null) {
      return null;
    }
    Service old =
        objects.address(
            service.getMetadata().getNamespace(),
            Names.legacyChild(service.getMetadata().getName(), entry.name()));
    if (old == null || old.getMetadata().getLabels() == null) {
      return null;
    }
    var labels = old.getMetadata().getLabels();
    return service.getMetadata().getName().equals(labels.get(Labels.SERVICE))
            && entry.name().equals(labels.get(Labels.RESOURCE))
        ? old
        : null;
  }

  @Override
  public void stop(ClusterService service, TreeEntry entry) {
    if (current(service, entry) != null || legacy(service, entry) != null) {
      route(service, entry, NO_OWNER);
    }
  }

  @Override
  public boolean stopped(ClusterService service, TreeEntry entry) {
    Service svc = current(service, entry);
    return svc == null || NO_OWNER.equals(svc.getSpec().getSelector().get(Labels.OWNER));
  }

  @Override
  public Observation observe(ClusterService service, TreeEntry entry, String node) {
    Service svc = current(service, entry);
    if (svc == null) {
      return Observation.of(ResourceHealth.STOPPED, "address not created yet");
    }
    String routed =
        svc.getSpec().getSelector() == null ? null : svc.getSpec().getSelector().get(Labels.OWNER);
    return node.equals(routed)
        ? Observation.of(
            ResourceHealth.STARTED, "Service " + svc.getMetadata().getName() + " routes to " + node)
        : Observation.of(
            ResourceHealth.STOPPED,
            "Service " + svc.getMetadata().getName() + " routes to " + routed);
  }

  private Service current(ClusterService service, TreeEntry entry) {
    return objects.address(service.getMetadata().getNamespace(), serviceName(service, entry));
  }

  private void route(ClusterService service, TreeEntry entry, String node) {
    Service desired = desired(service, entry, node, serviceName(service, entry));
    objects.applyAddress(desired);
    Service old = legacy(service, entry);
    if (old != null) {
      objects.applyAddress(desired(service, entry, node, old.getMetadata().getName()));
    }
  }

  static Service desired(ClusterService service, TreeEntry entry, String node, String name) {
    AddressResource ip = entry.resource().ip();
    List<ServicePort> ports =
        ip.ports().stream()
            .map(
                p ->
                    new ServicePortBuilder()
                        .withName(p.name())
                        .withPort(p.port())
                        .withTargetPort(
                            new IntOrString(p.targetPort() == null ? p.port() : p.targetPort()))
                        .withProtocol(p.protocol() == null ? "TCP" : p.protocol())
                        .build())
            .toList();
    String type =
        ip.type() == null
            ? "ClusterIP"
            : switch (ip.type()) {
              case CLUSTER_IP -> "ClusterIP";
              case NODE_PORT -> "NodePort";
              case LOAD_BALANCER -> "LoadBalancer";
            };
    return new ServiceBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace(service.getMetadata().getNamespace())
        .withLabels(
            Map.of(
                Labels.SERVICE,
                service.getMetadata().getName(),
                Labels.RESOURCE,
                entry.name(),
                Labels.MANAGED_BY,
                Labels.OPERATOR))
        .withOwnerReferences(Labels.ownerReference(service))
        .endMetadata()
        .withNewSpec()
        .withType(type)
        .withSelector(Map.of(Labels.SERVICE, service.getMetadata().getName(), Labels.OWNER, node))
        .withPorts(ports)
        .endSpec()
        .build();
  }
}
