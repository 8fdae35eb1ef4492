package dev.rgmanager.operator.membership;

import dev.rgmanager.api.v1alpha1.HAClusterStatus;
import dev.rgmanager.api.v1alpha1.MemberState;
import dev.rgmanager.api.v1alpha1.MemberStatus;
import dev.rgmanager.operator.membership.MembershipChange.Kind;
import dev.rgmanager.operator.membership.MembershipInput.FenceOutcome;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Decides each member's state (online, offline, fencing, fenced) and the quorum line from observed
 * facts. Pure: no client, the time comes in the input.
 *
 * <p>A member lost while the cluster is quorate is unclean: it stays out, even when its heartbeat
 * returns, until it is fenced or acknowledged (cman kills a node that rejoins with its old state;
 * Pacemaker fences an unclean node whatever it says). A lost member is fenced only while the
 * cluster is quorate, after the post-fail delay and no sooner than the post-join delay after quorum
 * formed. It counts as fenced when the fence coordinator succeeded while quorate or an
 * administrator acknowledged it after it was lost. A fenced member is online again only when its
 * node heartbeats after the fencing and reports Ready. A member joins only when its node reports
 * Ready; once online, a NotReady node whose kubelet still heartbeats is not lost.
 */
public final class Membership {
  private Membership() {}

  public static MembershipResult decide(MembershipInput in) {
    HAClusterStatus previous = in.previous();
    Map<String, MemberStatus> before =
        previous.membersOrEmpty().stream()
            .collect(Collectors.toMap(MemberStatus::name, Function.identity(), (a, b) -> a));
    List<MembershipChange> changes = new ArrayList<>();
    int total = in.quorumDeviceVotes();
    int present = in.quorumDeviceVotes();
    List<Observed> observed = new ArrayList<>();
    for (MemberConfig m : in.members()) {
      NodeFacts node =
          in.nodes().getOrDefault(m.name(), new NodeFacts(m.name(), false, null, null));
      MemberStatus prev = before.get(m.name());
      boolean heartbeating = Liveness.heartbeating(node, in.tokenTimeout(), in.now());
      Observed o = new Observed(m, node, heartbeating, in(prev, node, heartbeating));
      observed.add(o);
      total += m.votes();
      present += o.in() ? m.votes() : 0;
    }
    boolean twoNode = in.twoNode() && in.members().size() == 2;
    int expected = ExpectedVotes.inForce(in, twoNode, total, present);
    int needed = expected / 2 + 1;
    boolean quorate = present >= needed;
    // A new cluster has no quorum to lose or regain: its first decision only records one.
    boolean known = previous.quorumRecorded();
    boolean wasQuorate = known && previous.quorate();
    if (known && wasQuorate && !quorate) {
      changes.add(
          new MembershipChange(
              Kind.QUORUM_LOST,
              null,
              "quorum lost: " + present + " of " + needed + " votes needed"));
    } else if (known && !wasQuorate && quorate) {
      changes.add(
          new MembershipChange(
              Kind.QUORUM_REGAINED,
              null,
              "quorum regained: " + present + " votes, " + needed + " needed"));
    }
    Instant quorumSince =
        !known || wasQuorate != quorate || previous.quorumTransitionTime() == null
            ? in.now()
            : Instant.parse(previous.quorumTransitionTime());
    // Fencing waits for the post-join delay after quorum forms (members may still be joining).
    Instant joinSettled = quorumSince.plus(in.postJoinDelay());
    List<MemberStatus> members = new ArrayList<>();
    for (Observed o : observed) {
      MemberStatus prev = before.get(o.config().name());
      MemberStatus m = next(o, prev, quorate, joinSettled, in, changes);
      // The heartbeat is recorded when the state changes only, so that status is not rewritten
      // (and every service re-evaluated) at each Lease renewal.
      if (prev != null && prev.state() == m.state() && prev.standby() == m.standby()) {
        m =
            new MemberStatus(
                m.name(),
                m.state(),
                m.votes(),
                prev.heartbeatAtTransition(),
                m.lastTransitionTime(),
                m.fencedAt(),
                m.fencedBy(),
                m.fenceAttempts(),
                m.message(),
                m.unclean(),
                m.standby());
      }
      members.add(m);
    }
    return new MembershipResult(
        members,
        quorate,
        present,
        expected,
        needed,
        in.quorumDeviceVotes(),
        quorumSince,
        changes,
        twoNode);
  }

  /**
   * Whether a member is in the cluster (online, counting its votes): a fenced member when it
   * rebooted, an unclean one never, any other when it heartbeats and either was online or reports
   * Ready.
   */
  private static boolean in(MemberStatus prev, NodeFacts node, boolean heartbeating) {
    if (!heartbeating) {
      return false;
    }
    if (prev == null) {
      return "True".equals(node.ready());
    }
    if (prev.state() == MemberState.FENCED) {
      Instant fencedAt = prev.fencedAt() == null ? Instant.EPOCH : Instant.parse(prev.fencedAt());
      return "True".equals(node.ready()) && node.lastHeartbeat().isAfter(fencedAt);
    }
    if (prev.uncleanOrDefault()) {
      return false;
    }
    return prev.state() == MemberState.ONLINE || "True".equals(node.ready());
  }

  private record Observed(MemberConfig config, NodeFacts node, boolean heartbeating, boolean in) {}

  private static MemberStatus next(
      Observed o,
      MemberStatus prev,
      boolean quorate,
      Instant joinSettled,
      MembershipInput in,
      List<MembershipChange> changes) {
    String name = o.config().name();
    Instant now = in.now();
    String heartbeat =
        o.node().lastHeartbeat() == null ? null : o.node().lastHeartbeat().toString();
    MemberState was = prev == null ? null : prev.state();
    if (was == MemberState.FENCED) {
      if (o.in()) {
        changes.add(new MembershipChange(Kind.JOINED, name, name + " rejoined after fencing"));
        return status(name, MemberState.ONLINE, o, heartbeat, now, null, null, null, null, false);
      }
      return status(
          name,
          MemberState.FENCED,
          o,
          heartbeat,
          Instant.parse(prev.lastTransitionTime()),
          prev.fencedAt(),
          prev.fencedBy(),
          prev.fenceAttempts(),
          prev.message(),
          false);
    }
    if (o.in()) {
      if (was != MemberState.ONLINE && was != null) {
        changes.add(new MembershipChange(Kind.JOINED, name, name + " joined"));
      }
      boolean standbyChanged =
          was == MemberState.ONLINE && prev.standbyOrDefault() != o.node().cordoned();
      if (standbyChanged) {
        changes.add(StandbyChange.of(name, o.node().cordoned()));
      }
      // Leaving standby counts as joining, so that the domains fail back to the member.
      Instant since =
          was == MemberState.ONLINE && !standbyChanged
              ? Instant.parse(prev.lastTransitionTime())
              : now;
      return status(name, MemberState.ONLINE, o, heartbeat, since, null, null, null, null, false);
    }
    // Not in the cluster and not fenced: offline or being fenced.
    Instant lostAt;
    if (was == null) {
      lostAt = now;
    } else if (was == MemberState.ONLINE) {
      lostAt = now;
      changes.add(
          new MembershipChange(
              Kind.LOST, name, name + " lost: no heartbeat within the token timeout"));
    } else {
      lostAt = Instant.parse(prev.lastTransitionTime());
    }
    // Declared lost while quorate (or already unclean): it stays out until fenced or acknowledged.
    boolean unclean =
        (prev != null && prev.uncleanOrDefault()) || (quorate && was == MemberState.ONLINE);
    Instant ack = in.acknowledgements().get(name);
    if (ack != null && !ack.isBefore(lostAt)) {
      changes.add(
          new MembershipChange(Kind.FENCED, name, name + " acknowledged off by an administrator"));
      return status(
          name,
          MemberState.FENCED,
          o,
          heartbeat,
          now,
          now.toString(),
          "manual",
          null,
          "fencing acknowledged manually (seen by the operator at " + ack + ")",
          false);
    }
    FenceOutcome outcome = in.fenceOutcomes().get(name);
    // A success counts only while quorate: an inquorate partition has no right to fence.
    if (quorate && outcome != null && outcome.succeeded() && !outcome.at().isBefore(lostAt)) {
      changes.add(
          new MembershipChange(Kind.FENCED, name, name + " fenced by method " + outcome.method()));
      return status(
          name,
          MemberState.FENCED,
          o,
          heartbeat,
          now,
          outcome.at().toString(),
          outcome.method(),
          outcome.attempts(),
          outcome.message(),
          false);
    }
    if (!unclean && o.heartbeating()) {
      // Its kubelet is alive and reporting, only not Ready: it joins once Ready, and is not fenced.
      return offline(
          name,
          o,
          heartbeat,
          lostAt,
          "heartbeating but not Ready: joins once its node reports Ready",
          false);
    }
    String back =
        unclean && o.heartbeating()
            ? "heartbeat is back, but "
                + name
                + " was lost and is not fenced: it stays out and"
                + " its services start nowhere else until it is fenced or acknowledged; "
            : "";
    Instant afterFail = lostAt.plus(in.postFailDelay());
    Instant eligible = afterFail.isAfter(joinSettled) ? afterFail : joinSettled;
    if (!quorate) {
      return offline(
          name, o, heartbeat, lostAt, back + "not fenced: the cluster is inquorate", unclean);
    }
    if (now.isBefore(eligible)) {
      return offline(
          name,
          o,
          heartbeat,
          lostAt,
          back + "waiting for the post-fail delay before fencing",
          unclean);
    }
    if (!o.config().hasFenceMethods()) {
      return offline(
          name,
          o,
          heartbeat,
          lostAt,
          back
              + "no fence method configured: its services wait until an administrator runs"
              + " kubectl cluster-status fence-ack "
              + name,
          unclean);
    }
    if (was != MemberState.FENCING) {
      changes.add(new MembershipChange(Kind.FENCE_NEEDED, name, name + " must be fenced"));
    }
    String message = back + (outcome == null ? "fencing" : outcome.message());
    Integer attempts = outcome == null ? null : outcome.attempts();
    // Once fencing begins the member is unclean, whatever it does next.
    return status(
        name, MemberState.FENCING, o, heartbeat, lostAt, null, null, attempts, message, true);
  }

  /** Offline and not being fenced (yet), with the reason. */
  private static MemberStatus offline(
      String name, Observed o, String heartbeat, Instant lostAt, String why, boolean unclean) {
    return status(name, MemberState.OFFLINE, o, heartbeat, lostAt, null, null, null, why, unclean);
  }

  private static MemberStatus status(
      String name,
      MemberState state,
      Observed o,
      String heartbeat,
      Instant since,
      String fencedAt,
      String fencedBy,
      Integer attempts,
      String message,
      boolean unclean) {
    return new MemberStatus(
        name,
        state,
        o.config().votes(),
        heartbeat,
        since.toString(),
        fencedAt,
        fencedBy,
        attempts,
        message,
        unclean ? Boolean.TRUE : null,
        state == MemberState.ONLINE && o.node().cordoned() ? Boolean.TRUE : null);
  }
}
