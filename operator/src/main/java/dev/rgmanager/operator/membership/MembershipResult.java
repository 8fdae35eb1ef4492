package dev.rgmanager.operator.membership;

import dev.rgmanager.api.v1alpha1.MemberStatus;
import java.time.Instant;
import java.util.List;

/**
 * The decided membership: every member's status, the quorum line, and what changed. {@code twoNode}
 * says whether two-node mode is in force (asked for, and exactly two members).
 */
public record MembershipResult(
    List<MemberStatus> members,
    boolean quorate,
    int votes,
    int expectedVotes,
    int quorumVotes,
    int quorumDeviceVotes,
    Instant quorumSince,
    List<MembershipChange> changes,
    boolean twoNode) {}
