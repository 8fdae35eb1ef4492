package dev.rgmanager.operator;

import java.time.Duration;

/**
 * How long the leader Lease lasts, how long the leader keeps trying to renew it, and how often
 * replicas try: a standby takes over a dead leader's Lease after {@code leaseDuration} at most, so
 * it bounds the failover when the leader's own node is lost. The leader gives up (and exits) when
 * it has not renewed within {@code renewDeadline}, before any standby may take the Lease.
 */
public record LeaseTiming(Duration leaseDuration, Duration renewDeadline, Duration retryPeriod) {
  static final String PREFIX = "rgmanager.leader-election.";

  /** Refuses timings under which two replicas could both believe they lead, naming the fix. */
  public LeaseTiming {
    if (retryPeriod.isZero() || retryPeriod.isNegative()) {
      throw new IllegalArgumentException(
          PREFIX + "retry-period must be positive, not " + retryPeriod);
    }
    if (renewDeadline.compareTo(retryPeriod) <= 0) {
      throw new IllegalArgumentException(
          PREFIX
              + "renew-deadline ("
              + text(renewDeadline)
              + ") must be longer than retry-period ("
              + text(retryPeriod)
              + "): the leader must be able to retry its renewal");
    }
    if (leaseDuration.compareTo(renewDeadline) <= 0) {
      throw new IllegalArgumentException(
          PREFIX
              + "lease-duration ("
              + text(leaseDuration)
              + ") must be longer than renew-deadline ("
              + text(renewDeadline)
              + "): a leader that stops renewing must give up before a standby may take over");
    }
  }

  /** As the configuration writes it: 15s, 500ms. */
  private static String text(Duration d) {
    return d.toMillis() % 1000 == 0 ? d.toSeconds() + "s" : d.toMillis() + "ms";
  }
}
