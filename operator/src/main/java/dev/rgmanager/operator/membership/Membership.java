package dev.rgmanager.operator.membership;

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
 * <p>A lost member is fenced only while the cluster is quorate, after the post-fail delay and no
 * sooner than the post-join delay after quorum formed. It counts as fenced when the fence
 * coordinator succeeded or an administrator acknowledged it after it was lost. A fenced member is
 * online again only when its node heartbeats after the fencing and reports Ready.
 */
public final class Membership {
  private Membership() {}

  public static MembershipResult decide(MembershipInput in) {
    Map<String, MemberStatus> before =
        in.previous() == null
            ? Map.of()
            : in.previous().membersOrEmpty().stream()
                .collect(Collectors.toMap(MemberStatus::name, Function.identity(), (a, b) -> a));
    List<MembershipChange> changes = new ArrayList<>();
    int total = in.quorumDeviceVotes();
    int present = in.quorumDeviceVotes();
    List<Observed> observed = new ArrayList<>();
    for (MemberConfig m : in.members()) {
      NodeFacts node =
          in.nodes().getOrDefault(m.name(), new NodeFacts(m.name(), false, null, null));
      boolean alive = Liveness.online(node, in.tokenTimeout(), in.now());
      observed.add(new Observed(m, node, alive));
      total += m.votes();
      present += alive ? m.votes() : 0;
    }
    int expected = in.twoNode() ? 1 : in.expectedVotes() != null ? in.expectedVotes() : total;
    int needed = expected / 2 + 1;
    boolean quorate = present >= needed;
    Boolean wasQuorate = in.previous() == null ? null : in.previous().quorate();
    if (Boolean.TRUE.equals(wasQuorate) && !quorate) {
      changes.add(
          new MembershipChange(
              Kind.QUORUM_LOST,
              null,
              "quorum lost: " + present + " of " + needed + " votes needed"));
    } else if (Boolean.FALSE.equals(wasQuorate) && quorate) {
      changes.add(
          new MembershipChange(
              Kind.QUORUM_REGAINED,
              null,
              "quorum regained: " + present + " votes, " + needed + " needed"));
    }
    Instant quorumSince =
        wasQuorate == null || wasQuorate != quorate || in.previous().quorumTransitionTime() == null
            ? in.now()
            : Instant.parse(in.previous().quorumTransitionTime());
    // Fencing waits for the post-join delay after quorum forms (members may still be joining).
    Instant joinSettled = quorumSince.plus(in.postJoinDelay());
    List<MemberStatus> members = new ArrayList<>();
    for (Observed o : observed) {
      MemberStatus prev = before.get(o.config().name());
      MemberStatus m = next(o, prev, quorate, joinSettled, in, changes);
      // The heartbeat is recorded when the state changes only, so that status is not rewritten
      // (and every service re-evaluated) at each Lease renewal.
      if (prev != null && prev.state() == m.state()) {
        m =
            new MemberStatus(
                m.name(),
                m.state(),
                m.votes(),
                prev.lastHeartbeat(),
                m.lastTransitionTime(),
                m.fencedAt(),
                m.fencedBy(),
                m.fenceAttempts(),
                m.message());
      }
      members.add(m);
    }
    return new MembershipResult(
        members, quorate, present, expected, needed, in.quorumDeviceVotes(), quorumSince, changes);
  }

  private record Observed(MemberConfig config, NodeFacts node, boolean alive) {}

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
      Instant fencedAt = prev.fencedAt() == null ? Instant.EPOCH : Instant.parse(prev.fencedAt());
      boolean rebooted =
          o.alive()
              && "True".equals(o.node().ready())
              && o.node().lastHeartbeat().isAfter(fencedAt);
      if (rebooted) {
        changes.add(new MembershipChange(Kind.JOINED, name, name + " rejoined after fencing"));
        return status(name, MemberState.ONLINE, o, heartbeat, now, null, null, null, null);
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
          prev.message());
    }
    if (o.alive()) {
      if (was != MemberState.ONLINE && was != null) {
        changes.add(new MembershipChange(Kind.JOINED, name, name + " joined"));
      }
      Instant since = was == MemberState.ONLINE ? Instant.parse(prev.lastTransitionTime()) : now;
      return status(name, MemberState.ONLINE, o, heartbeat, since, null, null, null, null);
    }
    // Not alive and not fenced: offline or being fenced.
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
          "fencing acknowledged manually at " + ack);
    }
    FenceOutcome outcome = in.fenceOutcomes().get(name);
    if (outcome != null && outcome.succeeded() && !outcome.at().isBefore(lostAt)) {
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
          outcome.message());
    }
    Instant afterFail = lostAt.plus(in.postFailDelay());
    Instant eligible = afterFail.isAfter(joinSettled) ? afterFail : joinSettled;
    if (!quorate) {
      return status(
          name,
          MemberState.OFFLINE,
          o,
          heartbeat,
          lostAt,
          null,
          null,
          null,
          "not fenced: the cluster is inquorate");
    }
    if (now.isBefore(eligible)) {
      return status(
          name,
          MemberState.OFFLINE,
          o,
          heartbeat,
          lostAt,
          null,
          null,
          null,
          "waiting for the post-fail delay before fencing");
    }
    if (!o.config().hasFenceMethods()) {
      return status(
          name,
          MemberState.OFFLINE,
          o,
          heartbeat,
          lostAt,
          null,
          null,
          null,
          "no fence method configured: its services wait until an administrator runs"
              + " kubectl cluster-status fence-ack "
              + name);
    }
    if (was != MemberState.FENCING) {
      changes.add(new MembershipChange(Kind.FENCE_NEEDED, name, name + " must be fenced"));
    }
    String message = outcome == null ? "fencing" : outcome.message();
    Integer attempts = outcome == null ? null : outcome.attempts();
    return status(name, MemberState.FENCING, o, heartbeat, lostAt, null, null, attempts, message);
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
      String message) {
    return new MemberStatus(
        name,
        state,
        o.config().votes(),
        heartbeat,
        since.toString(),
        fencedAt,
        fencedBy,
        attempts,
        message);
  }
}
