package dev.rgmanager.operator.membership;

import java.time.Instant;

/**
 * What the operator observed of one Kubernetes node: its heartbeat Lease renew time and its Ready
 * condition ("True", "False", "Unknown", or null when the node does not exist).
 */
public record NodeFacts(String name, boolean exists, Instant lastHeartbeat, String ready) {}
