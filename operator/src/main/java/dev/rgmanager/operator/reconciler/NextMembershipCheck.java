package dev.rgmanager.operator.reconciler;

import dev.rgmanager.api.v1alpha1.MemberState;
import dev.rgmanager.api.v1alpha1.MemberStatus;
import dev.rgmanager.operator.membership.MembershipResult;
import dev.rgmanager.operator.membership.NodeFacts;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** When membership looks again, absent any event: just after the next heartbeat would expire. */
final class NextMembershipCheck {
  /** The soonest a membership check is repeated, however close a heartbeat is to expiring. */
  private static final Duration SOONEST = Duration.ofMillis(100);

  private NextMembershipCheck() {}

  /** The next check after {@code result}, from the online members' heartbeats. */
  static Duration after(
      MembershipResult result, Map<String, NodeFacts> facts, Duration token, Instant now) {
    return nextCheck(onlineHeartbeats(result, facts), token, now);
  }

  /** The current heartbeat (Lease renewal) of each online member. */
  static List<Instant> onlineHeartbeats(MembershipResult result, Map<String, NodeFacts> facts) {
    List<Instant> out = new ArrayList<>();
    for (MemberStatus m : result.members()) {
      NodeFacts f = facts.get(m.name());
      if (m.state() == MemberState.ONLINE && f != null && f.lastHeartbeat() != null) {
        out.add(f.lastHeartbeat());
      }
    }
    return out;
  }

  /**
   * When to look again: a quarter of the token timeout at most (at least a second), and sooner when
   * an online member's heartbeat expires before that, so that a lost node is declared lost within
   * {@link #SOONEST} of its token timeout rather than up to a quarter token later.
   */
  static Duration nextCheck(List<Instant> onlineHeartbeats, Duration token, Instant now) {
    Duration next =
        token.dividedBy(4).compareTo(Duration.ofSeconds(1)) < 0
            ? Duration.ofSeconds(1)
            : token.dividedBy(4);
    for (Instant heartbeat : onlineHeartbeats) {
      Duration untilExpiry = Duration.between(now, heartbeat.plus(token)).plus(SOONEST);
      if (untilExpiry.compareTo(next) < 0) {
        next = untilExpiry.compareTo(SOONEST) < 0 ? SOONEST : untilExpiry;
      }
    }
    return next;
  }
}
