package dev.rgmanager.operator.testing;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.util.Map;

/**
 * A VirtualMachine's status as virt-controller's VM controller shows its VMI (the VMI of the VM's
 * name): printableStatus Stopped, Starting, Running, Migrating, Paused or Stopping, ready, created.
 * It never starts or stops a VMI whatever the runStrategy: the VM controller's starting is not
 * played (the operator's VMs are Manual or Halted). Called on the simulation's one thread only.
 */
final class VirtualMachineStatuses {
  private final SimulatedKubeVirt.Caches caches;
  private final KubeVirtEdits edits;

  VirtualMachineStatuses(SimulatedKubeVirt.Caches caches, KubeVirtEdits edits) {
    this.caches = caches;
    this.edits = edits;
  }

  void reconcile(String namespace, String name) {
    if (caches.vm(namespace, name) == null) {
      return;
    }
    GenericKubernetesResource vmi = caches.vmi(namespace, name);
    String printable = printable(vmi);
    boolean ready =
        ("Running".equals(printable) || "Migrating".equals(printable)) && readyCondition(vmi);
    edits.vmStatus(
        namespace,
        name,
        vm -> {
          Map<String, Object> s = Unstructured.mutable(vm, "status");
          s.put("printableStatus", printable);
          s.put("ready", ready);
          s.put("created", vmi != null);
          Unstructured.condition(s, KubeVirtNames.READY, ready ? "True" : "False", null, null);
        });
  }

  static String printable(GenericKubernetesResource vmi) {
    if (vmi == null) {
      return "Stopped";
    }
    if (vmi.getMetadata().getDeletionTimestamp() != null) {
      return "Stopping";
    }
    String phase = Unstructured.string(vmi, "status", "phase");
    if ("Running".equals(phase)) {
      if (Unstructured.maps(vmi, "status", "conditions").stream()
          .anyMatch(
              c -> KubeVirtNames.PAUSED.equals(c.get("type")) && "True".equals(c.get("status")))) {
        return "Paused";
      }
      Map<String, Object> m = Unstructured.map(vmi, "status", "migrationState");
      boolean migrating =
          !m.isEmpty()
              && !Boolean.TRUE.equals(m.get("completed"))
              && !Boolean.TRUE.equals(m.get("failed"));
      return migrating ? "Migrating" : "Running";
    }
    if ("Failed".equals(phase) || "Succeeded".equals(phase)) {
      return "Stopped";
    }
    return "Starting";
  }

  private static boolean readyCondition(GenericKubernetesResource vmi) {
    return vmi != null
        && Unstructured.maps(vmi, "status", "conditions").stream()
            .anyMatch(
                c -> KubeVirtNames.READY.equals(c.get("type")) && "True".equals(c.get("status")));
  }
}
