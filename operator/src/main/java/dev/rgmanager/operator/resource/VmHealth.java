package dev.rgmanager.operator.resource;

/** A VM instance's phase and Ready condition as the health of the resource on a node. */
final class VmHealth {
  private VmHealth() {}

  static Observation of(VmInstance vmi, String node) {
    String name = "VirtualMachineInstance " + vmi.name();
    if (vmi.deleting()) {
      return Observation.of(
          ResourceHealth.STOPPING,
          name + " is being deleted" + (vmi.nodeName() == null ? "" : " on " + vmi.nodeName()));
    }
    if (vmi.nodeName() != null && !node.equals(vmi.nodeName())) {
      // Left on another node (a fenced one, whose leftovers are being removed) or started there
      // by someone else: nothing starts here while it is there.
      return Observation.of(
          ResourceHealth.STOPPING,
          name + " is still on " + vmi.nodeName() + " (" + phaseWord(vmi) + "), not on " + node);
    }
    String phase = vmi.phase() == null ? "Pending" : vmi.phase();
    switch (phase) {
      case "Failed", "Succeeded" -> {
        return Observation.of(
            ResourceHealth.FAILED,
            name
                + " "
                + phase.toLowerCase(java.util.Locale.ROOT)
                + (vmi.nodeName() == null ? "" : " on " + vmi.nodeName()));
      }
      case KubeVirt.RUNNING -> {
        return vmi.ready()
            ? Observation.of(ResourceHealth.STARTED, name + " is running on " + node)
            : Observation.of(ResourceHealth.STARTING, name + " is running, not yet ready");
      }
      default -> {
        return Observation.of(ResourceHealth.STARTING, name + " is " + phaseWord(vmi));
      }
    }
  }

  private static String phaseWord(VmInstance vmi) {
    return (vmi.phase() == null ? "pending" : vmi.phase()).toLowerCase(java.util.Locale.ROOT);
  }
}
