package dev.rgmanager.operator.membership;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rgmanager.api.v1alpha1.HACluster;
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
  private HAClusterStatus status = HAClusterStatus.empty();
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
            null,
            expected,
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

  /**
   * A new HACluster's first decision starts from the status it has before membership wrote one: no
   * quorum change and no join is announced, quorum counts from now, a silent member is offline
   * since now (not lost) and waits for the post-join delay.
   */
  @Test
  void aNewClustersFirstDecisionAnnouncesNothingAndCountsFromNow() {
    status = new HACluster().getStatus();
    beat(T0, "a", "b");
    MembershipResult r = step(T0);
    assertThat(r.quorate()).isTrue();
    assertThat(r.quorumSince()).isEqualTo(T0);
    assertThat(r.expectedVotes()).isEqualTo(3);
    assertThat(changes).isEmpty();
    assertThat(member("a").state()).isEqualTo(MemberState.ONLINE);
    assertThat(member("a").lastTransitionTime()).isEqualTo(T0.toString());
    assertThat(member("c").state()).isEqualTo(MemberState.OFFLINE);
    assertThat(member("c").lastTransitionTime()).isEqualTo(T0.toString());
    assertThat(member("c").message()).contains("post-fail delay");
    assertThat(member("c").uncleanOrDefault()).isFalse();
  }

  /** Nor is an inquorate first decision announced as quorum lost: it never had quorum. */
  @Test
  void aNewClusterInquorateAtFirstAnnouncesNoQuorumLoss() {
    status = new HACluster().getStatus();
    beat(T0, "a");
    MembershipResult r = step(T0);
    assertThat(r.quorate()).isFalse();
    assertThat(r.quorumSince()).isEqualTo(T0);
    assertThat(changes).isEmpty();
    beat(T0.plusSeconds(1), "a", "b");
    step(T0.plusSeconds(1));
    // The second decision has a record to compare with: quorum and b's join are news.
    assertThat(changes)
        .extracting(MembershipChange::kind)
        .containsExactly(Kind.QUORUM_REGAINED, Kind.JOINED);
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
  void theHeartbeatIsRecordedAtATransitionOnlyAndALostMemberKeepsItsLastOne() {
    beat(T0, "a", "b", "c");
    step(T0);
    assertThat(member("a").heartbeatAtTransition()).isEqualTo(T0.toString());

    // Renewals while a stays online do not rewrite status: the field keeps the joining heartbeat.
    beat(T0.plusSeconds(2), "a", "b", "c");
    step(T0.plusSeconds(2));
    assertThat(member("a").heartbeatAtTransition()).isEqualTo(T0.toString());

    // a falls silent after one more renewal and is lost: its last heartbeat before the loss.
    beat(T0.plusSeconds(3), "a", "b", "c");
    step(T0.plusSeconds(3));
    beat(T0.plusSeconds(12), "b", "c");
    step(T0.plusSeconds(14));
    assertThat(member("a").state()).isNotEqualTo(MemberState.ONLINE);
    assertThat(member("a").heartbeatAtTransition()).isEqualTo(T0.plusSeconds(3).toString());
    assertThat(member("b").heartbeatAtTransition()).isEqualTo(T0.toString());
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

  @Test
  void aLostMemberWhoseHeartbeatReturnsStaysOutUntilFenced() {
    beat(T0, "a", "b", "c");
    step(T0);
    beat(T0.plusSeconds(15), "b", "c");
    step(T0.plusSeconds(15)); // a lost while quorate: fencing begins
    outcomes.put("a", new FenceOutcome(false, "power", T0.plusSeconds(16), 1, "BMC unreachable"));
    // a's heartbeat comes back before it is fenced: it stays out, unclean, and fencing goes on.
    beat(T0.plusSeconds(17), "a", "b", "c");
    MembershipResult r = step(T0.plusSeconds(17));
    assertThat(member("a").state()).isEqualTo(MemberState.FENCING);
    assertThat(member("a").unclean()).isTrue();
    assertThat(member("a").message()).contains("heartbeat is back").contains("BMC unreachable");
    assertThat(r.votes()).as("an unclean member's votes do not count").isEqualTo(2);
    assertThat(changes).extracting(MembershipChange::kind).doesNotContain(Kind.JOINED);
    // Fenced at last; it rejoins only after a heartbeat that follows the fencing.
    outcomes.put("a", new FenceOutcome(true, "power", T0.plusSeconds(18), 2, "powered off"));
    step(T0.plusSeconds(18));
    assertThat(member("a").state()).isEqualTo(MemberState.FENCED);
    assertThat(member("a").unclean()).isNull();
    beat(T0.plusSeconds(30), "a", "b", "c");
    step(T0.plusSeconds(30));
    assertThat(member("a").state()).isEqualTo(MemberState.ONLINE);
  }

  @Test
  void aLostMemberWithoutFenceMethodStaysOutUntilAcknowledged() {
    beat(T0, "a", "b", "c");
    step(T0);
    beat(T0.plusSeconds(15), "a", "b");
    step(T0.plusSeconds(15)); // c (no fence method) lost
    beat(T0.plusSeconds(16), "a", "b", "c");
    step(T0.plusSeconds(16));
    assertThat(member("c").state()).isEqualTo(MemberState.OFFLINE);
    assertThat(member("c").unclean()).isTrue();
    assertThat(member("c").message()).contains("fence-ack c");
  }

  @Test
  void aMemberLostWhileInquorateMayComeBackUnfenced() {
    beat(T0, "a", "b", "c");
    step(T0);
    beat(T0.plusSeconds(3), "c");
    step(T0.plusSeconds(20)); // a and b lost at once: inquorate, nothing can have moved
    assertThat(member("a").unclean()).isNull();
    beat(T0.plusSeconds(21), "a", "b", "c");
    MembershipResult r = step(T0.plusSeconds(21));
    assertThat(r.quorate()).isTrue();
    assertThat(member("a").state()).isEqualTo(MemberState.ONLINE);
  }

  @Test
  void notReadyAloneDoesNotLoseAnOnlineMemberButANewOneJoinsOnlyWhenReady() {
    beat(T0, "a", "b", "c");
    step(T0);
    nodes.put("a", new NodeFacts("a", true, T0.plusSeconds(5), "False"));
    beat(T0.plusSeconds(5), "b", "c");
    step(T0.plusSeconds(5));
    assertThat(member("a").state()).isEqualTo(MemberState.ONLINE);
    assertThat(changes).extracting(MembershipChange::kind).doesNotContain(Kind.LOST);
    // A node never seen online does not join while it is not Ready.
    List<MemberConfig> four = new java.util.ArrayList<>(ABC);
    four.add(new MemberConfig("d", 1, true));
    nodes.put("d", new NodeFacts("d", true, T0.plusSeconds(6), "False"));
    step(T0.plusSeconds(6), four, null, false);
    assertThat(member("d").state()).isEqualTo(MemberState.OFFLINE);
    nodes.put("d", new NodeFacts("d", true, T0.plusSeconds(7), "True"));
    step(T0.plusSeconds(7), four, null, false);
    assertThat(member("d").state()).isEqualTo(MemberState.ONLINE);
  }

  @Test
  void aFenceSuccessWhileInquorateDoesNotCountUntilQuorumReturns() {
    beat(T0, "a", "b", "c");
    step(T0);
    beat(T0.plusSeconds(15), "b", "c");
    step(T0.plusSeconds(15)); // a being fenced
    beat(T0.plusSeconds(15), "c");
    step(T0.plusSeconds(26)); // b lost too: inquorate
    assertThat(status.quorate()).isFalse();
    outcomes.put("a", new FenceOutcome(true, "power", T0.plusSeconds(27), 1, "powered off"));
    beat(T0.plusSeconds(28), "c");
    step(T0.plusSeconds(28));
    assertThat(member("a").state()).isNotEqualTo(MemberState.FENCED);
    beat(T0.plusSeconds(29), "b", "c");
    step(T0.plusSeconds(29));
    assertThat(status.quorate()).isTrue();
    assertThat(member("a").state()).isEqualTo(MemberState.FENCED);
  }

  @Test
  void expectedVotesRiseToTheVotesPresentAndStaySoAMinorityIsNeverQuorate() {
    beat(T0, "a", "b", "c");
    MembershipResult r = step(T0, ABC, 1, false);
    assertThat(r.expectedVotes()).isEqualTo(3);
    beat(T0.plusSeconds(15), "c");
    r = step(T0.plusSeconds(15), ABC, 1, false);
    assertThat(r.expectedVotes()).isEqualTo(3);
    assertThat(r.quorate()).as("one of three is a minority").isFalse();
  }

  @Test
  void twoNodeModeIsIgnoredUnlessThereAreExactlyTwoMembers() {
    beat(T0, "a");
    MembershipResult r = step(T0, ABC, null, true);
    assertThat(r.twoNode()).isFalse();
    assertThat(r.expectedVotes()).isEqualTo(3);
    assertThat(r.quorate()).isFalse();
  }

  @Test
  void aCordonedMemberIsInStandbyWhileOnlineAndLeavingItCountsAsAJoin() {
    beat(T0, "a", "b", "c");
    step(T0);
    Instant joined = Instant.parse(member("a").lastTransitionTime());
    nodes.put("a", new NodeFacts("a", true, T0.plusSeconds(1), "True", true));
    step(T0.plusSeconds(2));
    assertThat(member("a").state()).isEqualTo(MemberState.ONLINE);
    assertThat(member("a").standbyOrDefault()).isTrue();
    assertThat(changes)
        .extracting(MembershipChange::kind, MembershipChange::node)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(Kind.STANDBY, "a"));
    assertThat(status.quorate()).as("a member in standby still votes").isTrue();
    step(T0.plusSeconds(3));
    assertThat(changes).as("said once").isEmpty();
    nodes.put("a", new NodeFacts("a", true, T0.plusSeconds(4), "True", false));
    step(T0.plusSeconds(5));
    assertThat(member("a").standbyOrDefault()).isFalse();
    assertThat(changes).extracting(MembershipChange::kind).containsExactly(Kind.STANDBY_ENDED);
    assertThat(Instant.parse(member("a").lastTransitionTime()))
        .as("its services may fail back to it, as after a join")
        .isAfter(joined)
        .isEqualTo(T0.plusSeconds(5));
  }

  @Test
  void aCordonedNodeThatIsLostIsOfflineNotInStandby() {
    beat(T0, "a", "b", "c");
    step(T0);
    nodes.put("a", new NodeFacts("a", true, T0, "True", true));
    step(T0.plusSeconds(30));
    assertThat(member("a").state()).isNotEqualTo(MemberState.ONLINE);
    assertThat(member("a").standby()).isNull();
  }
}
