package dev.rgmanager.operator.membership;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rgmanager.api.v1alpha1.HAClusterStatus;
import dev.rgmanager.api.v1alpha1.MemberState;
import dev.rgmanager.api.v1alpha1.MemberStatus;
import dev.rgmanager.operator.membership.MembershipChange.Kind;
import dev.rgmanager.operator.membership.MembershipInput.FenceOutcome;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MembershipTest {
  private static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");
  private static final List<MemberConfig> ABC =
      List.of(
          new MemberConfig("a", 1, true),
          new MemberConfig("b", 1, true),
          new MemberConfig("c", 1, false));

  private final Map<String, NodeFacts> nodes = new HashMap<>();
  private final Map<String, Instant> acks = new HashMap<>();
  private final Map<String, FenceOutcome> outcomes = new HashMap<>();
  private HAClusterStatus status;
  private List<MembershipChange> changes;

  private void beat(Instant at, String... names) {
    for (String n : names) {
      nodes.put(n, new NodeFacts(n, true, at, "True"));
    }
  }

  private MembershipResult step(Instant now) {
    return step(now, ABC, null, false);
  }

  private MembershipResult step(
      Instant now, List<MemberConfig> members, Integer expected, boolean twoNode) {
    MembershipResult r =
        Membership.decide(
            new MembershipInput(
                members,
                expected,
                twoNode,
                0,
                Duration.ofSeconds(10),
                Duration.ZERO,
                Duration.ofSeconds(6),
                nodes,
                status,
                acks,
                outcomes,
                now));
    status =
        new HAClusterStatus(
            1L,
            r.quorate(),
            r.votes(),
            r.expectedVotes(),
            r.quorumVotes(),
            0,
            0,
            r.quorumSince().toString(),
            r.members(),
            null);
    changes = r.changes();
    return r;
  }

  private MemberStatus member(String name) {
    return status.membersOrEmpty().stream()
        .filter(m -> m.name().equals(name))
        .findFirst()
        .orElseThrow();
  }

  @Test
  void allMembersHeartbeatingAreOnlineAndQuorate() {
    beat(T0, "a", "b", "c");
    MembershipResult r = step(T0);
    assertThat(r.quorate()).isTrue();
    assertThat(r.expectedVotes()).isEqualTo(3);
    assertThat(r.quorumVotes()).isEqualTo(2);
    assertThat(r.members()).extracting(MemberStatus::state).containsOnly(MemberState.ONLINE);
  }

  @Test
  void aLostMemberIsFencedOnlyAfterThePostJoinDelayAndThenNeedsFencing() {
    beat(T0, "a", "b", "c");
    step(T0);
    beat(T0.plusSeconds(3), "b", "c");
    step(T0.plusSeconds(12)); // a's heartbeat is 12 s old: lost
    assertThat(changes).extracting(MembershipChange::kind).contains(Kind.LOST);
    assertThat(member("a").state()).isEqualTo(MemberState.FENCING);
    assertThat(changes).extracting(MembershipChange::kind).contains(Kind.FENCE_NEEDED);
  }

  @Test
  void lossRightAfterQuorumFormsWaitsForThePostJoinDelay() {
    beat(T0, "b", "c");
    step(T0); // quorum forms now without a
    assertThat(member("a").state()).isEqualTo(MemberState.OFFLINE);
    assertThat(member("a").message()).contains("post-fail delay");
    beat(T0.plusSeconds(5), "b", "c");
    step(T0.plusSeconds(5));
    assertThat(member("a").state()).isEqualTo(MemberState.OFFLINE);
    beat(T0.plusSeconds(7), "b", "c");
    step(T0.plusSeconds(7));
    assertThat(member("a").state()).isEqualTo(MemberState.FENCING);
  }

  @Test
  void memberWithoutFenceMethodWaitsForAManualAcknowledgement() {
    beat(T0, "a", "b", "c");
    step(T0);
    beat(T0.plusSeconds(15), "a", "b");
    step(T0.plusSeconds(15));
    assertThat(member("c").state()).isEqualTo(MemberState.OFFLINE);
    assertThat(member("c").message()).contains("fence-ack c");
    acks.put("c", T0.plusSeconds(20));
    beat(T0.plusSeconds(21), "a", "b");
    step(T0.plusSeconds(21));
    assertThat(member("c").state()).isEqualTo(MemberState.FENCED);
    assertThat(member("c").fencedBy()).isEqualTo("manual");
  }

  @Test
  void anAcknowledgementGivenBeforeTheLossDoesNotCount() {
    acks.put("c", T0.minusSeconds(60));
    beat(T0, "a", "b", "c");
    step(T0);
    beat(T0.plusSeconds(15), "a", "b");
    step(T0.plusSeconds(15));
    assertThat(member("c").state()).isEqualTo(MemberState.OFFLINE);
  }

  @Test
  void coordinatorSuccessFencesAndOnlyARebootedReadyNodeRejoins() {
    beat(T0, "a", "b", "c");
    step(T0);
    beat(T0.plusSeconds(15), "b", "c");
    step(T0.plusSeconds(15));
    outcomes.put("a", new FenceOutcome(true, "power", T0.plusSeconds(16), 1, "powered off"));
    beat(T0.plusSeconds(17), "b", "c");
    step(T0.plusSeconds(17));
    assertThat(member("a").state()).isEqualTo(MemberState.FENCED);
    assertThat(member("a").fencedBy()).isEqualTo("power");
    // A stale heartbeat from before the fencing does not bring it back.
    nodes.put("a", new NodeFacts("a", true, T0.plusSeconds(16), "True"));
    step(T0.plusSeconds(18));
    assertThat(member("a").state()).isEqualTo(MemberState.FENCED);
    // Rebooted: fresh heartbeat after the fencing and Ready.
    beat(T0.plusSeconds(40), "a", "b", "c");
    step(T0.plusSeconds(40));
    assertThat(member("a").state()).isEqualTo(MemberState.ONLINE);
    assertThat(changes).extracting(MembershipChange::kind).contains(Kind.JOINED);
  }

  @Test
  void inquorateClusterFencesNobody() {
    beat(T0, "a", "b", "c");
    step(T0);
    beat(T0.plusSeconds(3), "c");
    step(T0.plusSeconds(20));
    assertThat(status.quorate()).isFalse();
    assertThat(changes).extracting(MembershipChange::kind).contains(Kind.QUORUM_LOST);
    assertThat(member("a").state()).isEqualTo(MemberState.OFFLINE);
    assertThat(member("a").message()).contains("inquorate");
    beat(T0.plusSeconds(25), "b", "c");
    step(T0.plusSeconds(25));
    assertThat(changes).extracting(MembershipChange::kind).contains(Kind.QUORUM_REGAINED);
  }

  @Test
  void twoNodeModeIsQuorateWithOneVote() {
    List<MemberConfig> two =
        List.of(new MemberConfig("a", 1, true), new MemberConfig("b", 1, true));
    beat(T0, "a");
    MembershipResult r = step(T0, two, null, true);
    assertThat(r.quorate()).isTrue();
    assertThat(r.expectedVotes()).isEqualTo(1);
  }

  @Test
  void expectedVotesOverrideTheSum() {
    beat(T0, "a", "b");
    MembershipResult r = step(T0, ABC, 5, false);
    assertThat(r.quorumVotes()).isEqualTo(3);
    assertThat(r.quorate()).isFalse();
  }
}
