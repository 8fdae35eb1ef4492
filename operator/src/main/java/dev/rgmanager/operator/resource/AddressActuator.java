package dev.rgmanager.operator.resource;

import dev.rgmanager.api.v1alpha1.AddressResource;
import dev.rgmanager.api.v1alpha1.ApiConstants;
import dev.rgmanager.api.v1alpha1.ClusterService;
import dev.rgmanager.api.v1alpha1.ResourceType;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.ServicePortBuilder;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A floating address: a Kubernetes Service kept for the life of the ClusterService (so its address
 * never changes), whose selector names the current owner node, so it routes to the owner only.
 * Stopping points the selector at no node.
 *
 * <p>Only a Service the operator made for this very address is ever written: a Service of the same
 * name that someone else made, or that is another address's, fails the start with a message saying
 * so and is left as it is.
 */
public class AddressActuator implements ResourceActuator {
  static final String NO_OWNER = "none";
  private final AddressServices objects;
  // "namespace/name" of the Services a start found in the way: the cache holds only the
  // operator's Services, so only these are read from the API server again, until gone.
  private final Set<String> inTheWay = ConcurrentHashMap.newKeySet();

  public AddressActuator(AddressServices objects) {
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
    String namespace = service.getMetadata().getNamespace();
    String name = serviceName(service, entry);
    Service found = objects.address(namespace, name);
    if (found == null) {
      // Not the operator's, or not yet seen (a previous leader made it): ask the API server once.
      found = objects.liveAddress(namespace, name);
    }
    if (found != null && refusal(found, service, entry) != null) {
      inTheWay.add(namespace + "/" + name);
      return;
    }
    inTheWay.remove(namespace + "/" + name);
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
    String namespace = service.getMetadata().getNamespace();
    String name = serviceName(service, entry);
    Service svc = objects.address(namespace, name);
    if (svc == null && inTheWay.contains(namespace + "/" + name)) {
      svc = objects.liveAddress(namespace, name);
      if (svc == null) {
        inTheWay.remove(namespace + "/" + name);
      }
    }
    String refusal = svc == null ? null : refusal(svc, service, entry);
    if (refusal != null) {
      return Observation.of(ResourceHealth.FAILED, refusal);
    }
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

  /** This address's Service, if the operator made it: the one Service it may change. */
  private Service current(ClusterService service, TreeEntry entry) {
    Service svc =
        objects.address(service.getMetadata().getNamespace(), serviceName(service, entry));
    return svc == null || refusal(svc, service, entry) != null ? null : svc;
  }

  /**
   * Why {@code svc} is not this address's Service and must not be changed, or null if it is: the
   * operator's labels name the ClusterService and the resource, and the ClusterService owns it.
   */
  static String refusal(Service svc, ClusterService service, TreeEntry entry) {
    Map<String, String> labels =
        svc.getMetadata().getLabels() == null ? Map.of() : svc.getMetadata().getLabels();
    String where = service.getMetadata().getNamespace() + "/" + svc.getMetadata().getName();
    List<OwnerReference> owners =
        svc.getMetadata().getOwnerReferences() == null
            ? List.of()
            : svc.getMetadata().getOwnerReferences();
    boolean madeByOperator =
        Labels.OPERATOR.equals(labels.get(Labels.MANAGED_BY))
            && owners.stream().anyMatch(AddressActuator::isClusterService);
    if (!madeByOperator) {
      return "Service "
          + where
          + " exists and was not created by "
          + Labels.OPERATOR
          + "; rename the address resource or delete the Service";
    }
    String owner = service.getMetadata().getName();
    boolean thisAddress =
        owner.equals(labels.get(Labels.SERVICE))
            && entry.name().equals(labels.get(Labels.RESOURCE))
            && owners.stream().anyMatch(o -> isClusterService(o) && owner.equals(o.getName()));
    if (!thisAddress) {
      return "Service "
          + where
          + " is the address of ClusterService "
          + labels.get(Labels.SERVICE)
          + " (resource "
          + labels.get(Labels.RESOURCE)
          + "); give this address resource another name or serviceName";
    }
    return null;
  }

  private static boolean isClusterService(OwnerReference o) {
    return "ClusterService".equals(o.getKind())
        && o.getApiVersion() != null
        && o.getApiVersion().startsWith(ApiConstants.GROUP + "/");
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
                        .withProtocol(p.protocolOrDefault())
                        .build())
            .toList();
    String type =
        switch (ip.typeOrDefault()) {
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
