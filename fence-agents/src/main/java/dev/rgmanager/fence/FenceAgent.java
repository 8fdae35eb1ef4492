package dev.rgmanager.fence;

import java.util.List;

/**
 * One configured fence device acting on one node: the API the operator's fencing coordinator calls.
 * Every method blocks until done or until the device's timeouts expire, and never throws: failures
 * come back as a {@link FenceResult} whose message is safe to log.
 */
public interface FenceAgent {
  /** Reads whether the node is on (has power or storage access) or off. */
  FenceResult status();

  /** Powers the node on, or unfences it (SCSI: registers its key again). */
  FenceResult on();

  /** Powers the node off, or fences it (SCSI: preempts its key), and verifies the effect. */
  FenceResult off();

  /** Off then on (or a power cycle), verified. */
  FenceResult reboot();

  /** Checks that the device itself answers, whatever the node's state. */
  FenceResult monitor();

  /** The plugs (outlets, keys) the device knows; empty when the device has none. */
  default List<String> list() throws FenceException {
    return List.of();
  }

  /** Runs one action by its ClusterLabs name (list, metadata and validate-all excepted). */
  default FenceResult run(Action action) {
    switch (action) {
      case ON:
        return on();
      case OFF:
        return off();
      case REBOOT:
        return reboot();
      case STATUS:
        return status();
      case MONITOR:
        return monitor();
      default:
        return FenceResult.failure("action " + action.word() + " is not a device action");
    }
  }
}
