package dev.rgmanager.operator.membership;

import java.time.Duration;
import java.time.Instant;

/**
 * Decides whether a member's node heartbeats: it exists and its heartbeat Lease was seen renewed
 * within the token timeout (the CMAN token rule, restated for nodes). The heartbeat's time is when
 * the operator saw the Lease renewed, on its own clock ({@link HeartbeatObservations}), so a node
 * whose clock is off is judged by what it does, not by what it writes. Whether a heartbeating
 * node's member is in the cluster is {@link Membership}'s rule (Ready to join; unclean stays out).
 */
public final class Liveness {
  private Liveness() {}

  public static boolean heartbeating(NodeFacts node, Duration tokenTimeout, Instant now) {
    if (!node.exists() || node.lastHeartbeat() == null) {
      return false;
    }
    return !node.lastHeartbeat().plus(tokenTimeout).isBefore(now);
  }
}
