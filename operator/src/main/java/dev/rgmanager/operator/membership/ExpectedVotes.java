package dev.rgmanager.operator.membership;

import java.util.Objects;

/** The expected votes the quorum line is drawn from, as votequorum keeps them. */
final class ExpectedVotes {
  private ExpectedVotes() {}

  /**
   * Expected votes in force: one in two-node mode; else the configured value (or the sum of all
   * votes), raised to the votes present, and never below the expected votes in force before while
   * the configured value is unchanged (votequorum), so that a partition that lost members can never
   * count itself a majority.
   */
  static int inForce(MembershipInput in, boolean twoNode, int total, int present) {
    if (twoNode) {
      return 1;
    }
    int expected = Math.max(in.expectedVotes() != null ? in.expectedVotes() : total, present);
    var prev = in.previous();
    if (prev.expectedVotes() != null
        && Objects.equals(prev.configuredExpectedVotes(), in.expectedVotes())) {
      expected = Math.max(expected, prev.expectedVotes());
    }
    return expected;
  }
}
