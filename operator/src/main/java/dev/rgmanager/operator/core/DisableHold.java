package dev.rgmanager.operator.core;

/**
 * rgmanager's rule for a service the cluster disabled (its recovery policy, or a start that failed
 * under restart-disable): it stays disabled although the administrator's intent still says enabled,
 * until an enable starts it or the administrator changes the intent. Without the hold, the next
 * evaluation would start it again at once.
 */
public final class DisableHold {
  private DisableHold() {}

  /** What the administrator's intent amounts to while the hold lasts. */
  public static Desired wanted(Desired desired, boolean held) {
    return desired == Desired.ENABLED && held ? Desired.DISABLED : desired;
  }

  /**
   * Whether {@code s} is held disabled once {@code d} is carried out: a decision that disables it
   * while the intent says enabled holds it; a start (an enable) or an intent other than enabled
   * releases it (so does adopting a VM found running); anything else leaves the hold as it was.
   */
  public static boolean after(ServiceFacts s, Decision d) {
    if (s.desired() != Desired.ENABLED
        || d instanceof Decision.Start
        || d instanceof Decision.Adopt) {
      return false;
    }
    if (d instanceof Decision.Stop stop && stop.then() == State.DISABLED
        || d instanceof Decision.Mark mark && mark.state() == State.DISABLED) {
      return true;
    }
    return s.heldDisabled();
  }
}
