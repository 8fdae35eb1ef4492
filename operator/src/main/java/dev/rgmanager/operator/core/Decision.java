package dev.rgmanager.operator.core;

/** What the core wants done with one service now. Each carries a reason in words. */
public sealed interface Decision {
  String reason();

  /** Start the tree on {@code node}; {@code restart} records a restart in the window. */
  record Start(String node, boolean restart, String reason) implements Decision {
    /** Why, without the node the reason ends with; null when it says no more than "starting". */
    public String cause() {
      return Decision.cause(reason, node);
    }
  }

  /**
   * {@code reason} without a trailing " on NODE" (the start itself names the node), or null when
   * nothing is left but "starting": so that "starting on node-1" is not said twice.
   */
  static String cause(String reason, String node) {
    if (reason == null) {
      return null;
    }
    String tail = " on " + node;
    String why =
        reason.endsWith(tail) ? reason.substring(0, reason.length() - tail.length()) : reason;
    return why.isEmpty() || why.equals("starting") ? null : why;
  }

  /**
   * Stop the tree, then settle in {@code then}, or (then == null) start on {@code thenNode}. {@code
   * restart} records a restart in the window; {@code clearWindow} forgets it.
   */
  record Stop(State then, String thenNode, boolean restart, boolean clearWindow, String reason)
      implements Decision {}

  /**
   * Move the running VM to {@code node} by migration: it stays started (migrating) throughout, and
   * its owner changes once the migration completed; a failed one leaves it where it was.
   */
  record Migrate(String node, String reason) implements Decision {}

  /**
   * The VM is found running on {@code node} (started by hand, or moved behind the cluster's back):
   * the service is recorded started there instead of starting a second copy (seed: VM tracking).
   */
  record Adopt(String node, String reason) implements Decision {}

  /**
   * The VM is found running on more than one node: said loudly, and nothing started, stopped or
   * moved, since which copy is the right one is the administrator's call.
   */
  record TwoCopies(java.util.Set<String> nodes, String reason) implements Decision {}

  /** Set the state without touching the tree. */
  record Mark(State state, String reason) implements Decision {}

  /** The old owner must be fenced before anything else happens. */
  record AwaitFencing(String node, String reason) implements Decision {}

  /** An operation was refused; nothing changes. */
  record Refuse(Operation operation, String reason) implements Decision {}

  /** Nothing to do. */
  record Keep(String reason) implements Decision {}
}
