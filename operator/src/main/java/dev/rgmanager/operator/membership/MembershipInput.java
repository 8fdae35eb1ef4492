package dev.rgmanager.operator.membership;

import dev.rgmanager.api.v1alpha1.HAClusterStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Everything the membership decision needs: configuration, observed nodes, the previous status
 * (empty for a new cluster, never null), manual acknowledgements (node to time) and fencing results
 * reported by the fence coordinator.
 */
public record MembershipInput(
    List<MemberConfig> members,
    Integer expectedVotes,
    boolean twoNode,
    int quorumDeviceVotes,
    Duration tokenTimeout,
    Duration postFailDelay,
    Duration postJoinDelay,
    Map<String, NodeFacts> nodes,
    HAClusterStatus previous,
    Map<String, Instant> acknowledgements,
    Map<String, FenceOutcome> fenceOutcomes,
    Instant now) {

  public MembershipInput {
    Objects.requireNonNull(
        previous, "previous: the cluster's status, HAClusterStatus.empty() if new");
  }

  /** What the fence coordinator last reported for a node. */
  public record FenceOutcome(
      boolean succeeded, String method, Instant at, int attempts, String message) {}
}
