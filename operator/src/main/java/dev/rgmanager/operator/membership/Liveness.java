package dev.rgmanager.operator.membership;

import java.time.Duration;
import java.time.Instant;

/**
 * Decides whether a member is online: its node exists, its heartbeat Lease is fresher than the
 * token timeout, and its Ready condition is not False (the CMAN token rule, restated for nodes).
 */
public final class Liveness {
  private Liveness() {}

  public static boolean online(NodeFacts node, Duration tokenTimeout, Instant now) {
    if (!node.exists() || node.lastHeartbeat() == null || "False".equals(node.ready())) {
      return false;
    }
    return !node.lastHeartbeat().plus(tokenTimeout).isBefore(now);
  }
}
