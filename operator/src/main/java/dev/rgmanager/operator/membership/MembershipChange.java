package dev.rgmanager.operator.membership;

/** A change the membership decision found, reported as an Event and a log line. */
public record MembershipChange(Kind kind, String node, String message) {
  /** The kinds of change. */
  public enum Kind {
    JOINED,
    LOST,
    STANDBY,
    STANDBY_ENDED,
    FENCE_NEEDED,
    FENCED,
    QUORUM_LOST,
    QUORUM_REGAINED
  }
}
