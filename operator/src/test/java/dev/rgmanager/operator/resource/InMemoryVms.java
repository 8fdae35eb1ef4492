package dev.rgmanager.operator.resource;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** KubeVirt's objects held in memory, with every write recorded, for the VM actuator's tests. */
final class InMemoryVms implements VmObjects {
  final Map<String, GenericKubernetesResource> machines = new LinkedHashMap<>();
  final Map<String, GenericKubernetesResource> instances = new LinkedHashMap<>();
  final Map<String, GenericKubernetesResource> migrations = new LinkedHashMap<>();
  final List<Pod> launchers = new ArrayList<>();
  final Map<String, Set<String>> boundNodes = new LinkedHashMap<>();
  final List<String> writes = new ArrayList<>();

  /** What the next create throws, as an API server refusing it would; null: it succeeds. */
  RuntimeException refuseNextCreate;

  @Override
  public String unavailable() {
    return null;
  }

  @Override
  public GenericKubernetesResource virtualMachine(String namespace, String name) {
    return machines.get(namespace + "/" + name);
  }

  @Override
  public VmInstance instance(String namespace, String name) {
    return VmInstance.of(instances.get(namespace + "/" + name));
  }

  @Override
  public List<Pod> launchers(String namespace, String instance) {
    return launchers.stream()
        .filter(p -> namespace.equals(p.getMetadata().getNamespace()))
        .filter(p -> KubeVirtCache.launches(p, instance))
        .toList();
  }

  @Override
  public GenericKubernetesResource migration(String namespace, String name) {
    return migrations.get(namespace + "/" + name);
  }

  @Override
  public void create(GenericKubernetesResource object) {
    if (refuseNextCreate != null) {
      RuntimeException e = refuseNextCreate;
      refuseNextCreate = null;
      throw e;
    }
    String key = object.getMetadata().getNamespace() + "/" + object.getMetadata().getName();
    (KubeVirt.MIGRATION.getKind().equals(object.getKind()) ? migrations : instances)
        .put(key, object);
    writes.add("create " + object.getKind() + " " + key);
  }

  @Override
  public void delete(GenericKubernetesResource object) {
    writes.add("delete " + object.getKind() + " " + object.getMetadata().getName());
  }

  @Override
  public void label(GenericKubernetesResource instance, String key, String value) {
    writes.add("label " + instance.getMetadata().getName() + " " + key + "=" + value);
  }

  @Override
  public void deletePod(Pod pod, Long graceSeconds) {
    writes.add("delete pod " + pod.getMetadata().getName() + " grace " + graceSeconds);
  }

  @Override
  public Pod launcher(String namespace, String name) {
    return launchers.stream()
        .filter(p -> name.equals(p.getMetadata().getName()))
        .findFirst()
        .orElse(null);
  }

  @Override
  public void bind(String key, String node, boolean alone) {
    Set<String> nodes = boundNodes.computeIfAbsent(key, k -> new TreeSet<>());
    if (alone) {
      nodes.clear();
    }
    nodes.add(node);
    writes.add("bind " + node + (alone ? " alone" : ""));
  }

  @Override
  public void unbind(String key) {
    boundNodes.remove(key);
    writes.add("unbind");
  }

  /** An object from YAML. */
  static GenericKubernetesResource yaml(String text) {
    return Serialization.unmarshal(text, GenericKubernetesResource.class);
  }
}
