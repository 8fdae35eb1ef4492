package dev.rgmanager.operator.resource;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What the operator reads of one VirtualMachineInstance (KubeVirt's running VM): its phase, the
 * node it runs on, its Ready condition, whether it is being deleted, and its migration state.
 */
public record VmInstance(
    GenericKubernetesResource object,
    String phase,
    String nodeName,
    boolean ready,
    boolean deleting,
    Migration migration) {

  /** status.migrationState: where a migration goes and how it ended (null fields: unknown). */
  public record Migration(
      String migrationUid,
      String sourceNode,
      String targetNode,
      String targetPod,
      boolean completed,
      boolean failed) {
    /** A migration still under way: neither completed nor failed. */
    public boolean inProgress() {
      return !completed && !failed;
    }
  }

  public static VmInstance of(GenericKubernetesResource vmi) {
    if (vmi == null) {
      return null;
    }
    Map<String, Object> status = map(vmi.getAdditionalProperties().get("status"));
    List<?> conditions = status.get("conditions") instanceof List<?> l ? l : List.<Object>of();
    boolean ready =
        conditions.stream()
            .map(VmInstance::map)
            .anyMatch(c -> "Ready".equals(c.get("type")) && "True".equals(c.get("status")));
    Map<String, Object> m = map(status.get("migrationState"));
    Migration migration =
        m.isEmpty()
            ? null
            : new Migration(
                str(m.get("migrationUid")),
                str(m.get("sourceNode")),
                str(m.get("targetNode")),
                str(m.get("targetPod")),
                Boolean.TRUE.equals(m.get("completed")),
                Boolean.TRUE.equals(m.get("failed")));
    return new VmInstance(
        vmi,
        str(status.get("phase")),
        str(status.get("nodeName")),
        ready,
        vmi.getMetadata().getDeletionTimestamp() != null,
        migration);
  }

  public String name() {
    return object.getMetadata().getName();
  }

  /** Running on {@code node}: phase Running there, Ready, not being deleted. */
  public boolean runningOn(String node) {
    return KubeVirt.RUNNING.equals(phase) && Objects.equals(node, nodeName) && !deleting;
  }

  /** A label of the instance, or null. */
  public String label(String key) {
    var labels = object.getMetadata().getLabels();
    return labels == null ? null : labels.get(key);
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> map(Object o) {
    return o instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
  }

  private static String str(Object o) {
    return o == null ? null : o.toString();
  }
}
