package dev.rgmanager.operator.resource;

import dev.rgmanager.api.v1alpha1.ClusterService;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * KubeVirt's objects from the service reconciler's informers (VirtualMachines, their instances,
 * migrations, virt-launcher pods) and the nodes; written through the caches like {@link
 * ObjectCache}. Without KubeVirt's API ({@link #absent}) every VM resource reports why.
 */
public final class KubeVirtCache implements VmObjects {
  static final String NOT_SERVED =
      "KubeVirt's API (kubevirt.io/v1 VirtualMachineInstance) is not served by this cluster:"
          + " install KubeVirt, then restart the operator";

  private final KubernetesClient client;
  private final InformerEventSource<GenericKubernetesResource, ClusterService> machines;
  private final InformerEventSource<GenericKubernetesResource, ClusterService> instances;
  private final InformerEventSource<GenericKubernetesResource, ClusterService> migrations;
  private final InformerEventSource<Pod, ClusterService> launchers;
  private final InformerEventSource<Node, ClusterService> nodes;

  public KubeVirtCache(
      KubernetesClient client,
      InformerEventSource<GenericKubernetesResource, ClusterService> machines,
      InformerEventSource<GenericKubernetesResource, ClusterService> instances,
      InformerEventSource<GenericKubernetesResource, ClusterService> migrations,
      InformerEventSource<Pod, ClusterService> launchers,
      InformerEventSource<Node, ClusterService> nodes) {
    this.client = client;
    this.machines = machines;
    this.instances = instances;
    this.migrations = migrations;
    this.launchers = launchers;
    this.nodes = nodes;
  }

  /** What the operator has where KubeVirt's API is not served. */
  public static VmObjects absent() {
    return new KubeVirtCache(null, null, null, null, null, null);
  }

  @Override
  public String unavailable() {
    return instances == null ? NOT_SERVED : null;
  }

  @Override
  public GenericKubernetesResource virtualMachine(String namespace, String name) {
    return machines.get(new ResourceID(name, namespace)).orElse(null);
  }

  @Override
  public VmInstance instance(String namespace, String name) {
    return VmInstance.of(instances.get(new ResourceID(name, namespace)).orElse(null));
  }

  @Override
  public List<Pod> launchers(String namespace, String instance) {
    return launchers.list(namespace, p -> launches(p, instance)).toList();
  }

  /** Whether the pod is a launcher of the instance of that name: it is owned by it. */
  static boolean launches(Pod p, String instance) {
    var owners = p.getMetadata().getOwnerReferences();
    return owners != null
        && owners.stream()
            .anyMatch(
                o ->
                    KubeVirt.INSTANCE.getKind().equals(o.getKind())
                        && instance.equals(o.getName()));
  }

  @Override
  public Pod launcher(String namespace, String name) {
    return launchers.get(new ResourceID(name, namespace)).orElse(null);
  }

  @Override
  public GenericKubernetesResource migration(String namespace, String name) {
    return migrations.get(new ResourceID(name, namespace)).orElse(null);
  }

  @Override
  public void create(GenericKubernetesResource object) {
    ObjectCache.create(
        client,
        object,
        KubeVirt.MIGRATION.getKind().equals(object.getKind()) ? migrations : instances);
  }

  @Override
  public void delete(GenericKubernetesResource object) {
    client.resource(object).delete();
  }

  @Override
  public void label(GenericKubernetesResource instance, String key, String value) {
    client.resource(instance).patch(PatchContext.of(PatchType.JSON_MERGE), labelPatch(key, value));
  }

  /** A JSON merge patch that sets one label, or (value null) removes it. */
  private static String labelPatch(String key, String value) {
    Map<String, Object> labels = new HashMap<>();
    labels.put(key, value);
    return Serialization.asJson(Map.of("metadata", Map.of("labels", labels)));
  }

  @Override
  public void deletePod(Pod pod, Long graceSeconds) {
    var op = client.pods().inNamespace(pod.getMetadata().getNamespace()).resource(pod);
    (graceSeconds == null ? op : op.withGracePeriod(graceSeconds)).delete();
  }

  @Override
  public void bind(String key, String node, boolean alone) {
    if (alone) {
      nodes
          .list()
          .filter(n -> !n.getMetadata().getName().equals(node) && hasLabel(n, key))
          .forEach(n -> nodeLabel(n.getMetadata().getName(), key, null));
    }
    Node target = nodes.get(new ResourceID(node)).orElse(null);
    if (target == null || !hasLabel(target, key)) {
      nodeLabel(node, key, "true");
    }
  }

  @Override
  public void unbind(String key) {
    if (nodes == null) {
      return;
    }
    nodes
        .list()
        .filter(n -> hasLabel(n, key))
        .forEach(n -> nodeLabel(n.getMetadata().getName(), key, null));
  }

  private static boolean hasLabel(Node n, String key) {
    var labels = n.getMetadata().getLabels();
    return labels != null && labels.containsKey(key);
  }

  private void nodeLabel(String node, String key, String value) {
    client
        .nodes()
        .withName(node)
        .patch(PatchContext.of(PatchType.JSON_MERGE), labelPatch(key, value));
  }
}
