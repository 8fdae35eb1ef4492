package dev.rgmanager.operator.membership;

import java.time.Instant;

/**
 * What the operator observed of one Kubernetes node: its heartbeat Lease renew time, its Ready
 * condition ("True", "False", "Unknown", or null when the node does not exist), and whether it is
 * cordoned ({@code spec.unschedulable}: the member is in standby).
 */
public record NodeFacts(
    String name, boolean exists, Instant lastHeartbeat, String ready, boolean cordoned) {
  public NodeFacts(String name, boolean exists, Instant lastHeartbeat, String ready) {
    this(name, exists, lastHeartbeat, ready, false);
  }
}
