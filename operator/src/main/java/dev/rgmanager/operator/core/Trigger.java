package dev.rgmanager.operator.core;

/** Why a service is evaluated now; {@code node} and {@code detail} qualify some kinds. */
public record Trigger(Kind kind, Operation operation, String node, String detail) {
  /** The kinds of trigger. */
  public enum Kind {
    /** Membership, spec, another service or time changed: evaluate the rules again. */
    EVALUATE,
    /** A status check on the owner found an unhealthy resource. */
    STATUS_CHECK_FAILED,
    /** Starting the tree on {@code node} failed. */
    START_FAILED,
    /** A one-shot operation was requested (relocate, restart, migrate, enable on a node). */
    OPERATION
  }

  public static Trigger evaluate() {
    return new Trigger(Kind.EVALUATE, null, null, null);
  }

  public static Trigger statusCheckFailed(String detail) {
    return new Trigger(Kind.STATUS_CHECK_FAILED, null, null, detail);
  }

  public static Trigger startFailed(String node, String detail) {
    return new Trigger(Kind.START_FAILED, null, node, detail);
  }

  public static Trigger operation(Operation op, String node) {
    return new Trigger(Kind.OPERATION, op, node, null);
  }
}
