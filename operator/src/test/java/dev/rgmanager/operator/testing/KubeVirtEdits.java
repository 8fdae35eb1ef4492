package dev.rgmanager.operator.testing;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.function.Consumer;

/**
 * The simulation's writes to KubeVirt objects: each reads the object afresh, applies a change and
 * writes only if that changed anything. A VMI's status is written with the object (KubeVirt gives
 * VMIs no status subresource); a migration's through its status subresource.
 */
final class KubeVirtEdits {
  private final KubernetesClient client;

  KubeVirtEdits(KubernetesClient client) {
    this.client = client;
  }

  /** Changes a VMI (metadata or status); false if it is gone. */
  boolean vmi(String namespace, String name, Consumer<GenericKubernetesResource> change) {
    return edit(resource(KubeVirtCrds.VIRTUAL_MACHINE_INSTANCE, namespace, name), change, false);
  }

  /** Changes a migration's status; false if it is gone. */
  boolean migrationStatus(
      String namespace, String name, Consumer<GenericKubernetesResource> change) {
    return edit(resource(KubeVirtCrds.MIGRATION, namespace, name), change, true);
  }

  /** Changes a VirtualMachine's status; false if it is gone. */
  boolean vmStatus(String namespace, String name, Consumer<GenericKubernetesResource> change) {
    return edit(resource(KubeVirtCrds.VIRTUAL_MACHINE, namespace, name), change, true);
  }

  private Resource<GenericKubernetesResource> resource(
      ResourceDefinitionContext kind, String namespace, String name) {
    return client.genericKubernetesResources(kind).inNamespace(namespace).withName(name);
  }

  private static boolean edit(
      Resource<GenericKubernetesResource> r,
      Consumer<GenericKubernetesResource> change,
      boolean statusOnly) {
    GenericKubernetesResource current = r.get();
    if (current == null) {
      return false;
    }
    GenericKubernetesResource next = Serialization.clone(current);
    change.accept(next);
    // compared as maps: the API server returns an object's keys sorted, the change may not
    if (next.getAdditionalProperties().equals(current.getAdditionalProperties())
        && next.getMetadata().equals(current.getMetadata())) {
      return true;
    }
    if (statusOnly) {
      r.editStatus(
          x -> {
            change.accept(x);
            return x;
          });
    } else {
      r.edit(
          x -> {
            change.accept(x);
            return x;
          });
    }
    return true;
  }
}
