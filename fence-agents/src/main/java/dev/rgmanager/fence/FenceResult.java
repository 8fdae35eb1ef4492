package dev.rgmanager.fence;

/**
 * The outcome of one fence action: success or not, the node's state afterwards, and a message for
 * humans that never contains a credential.
 */
public record FenceResult(boolean succeeded, PowerState state, String message) {

  public static FenceResult success(PowerState state, String message) {
    return new FenceResult(true, state, message);
  }

  public static FenceResult failure(String message) {
    return new FenceResult(false, PowerState.UNKNOWN, message);
  }

  /** ClusterLabs exit code: 0 success, 1 failure; for status 0 = on and 2 = off. */
  public int exitCode(Action action) {
    if (!succeeded) {
      return 1;
    }
    return action == Action.STATUS && state == PowerState.OFF ? 2 : 0;
  }
}
