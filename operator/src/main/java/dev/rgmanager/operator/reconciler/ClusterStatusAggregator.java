package dev.rgmanager.operator.reconciler;

import dev.rgmanager.api.v1alpha1.AcknowledgementRecord;
import dev.rgmanager.api.v1alpha1.Condition;
import dev.rgmanager.api.v1alpha1.HACluster;
import dev.rgmanager.api.v1alpha1.HAClusterStatus;
import dev.rgmanager.api.v1alpha1.MemberState;
import dev.rgmanager.operator.membership.MembershipResult;
import dev.rgmanager.operator.status.Conditions;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds an HACluster's status from what membership decided: pure, so that what is recorded is
 * decided apart from when and how it is written.
 */
final class ClusterStatusAggregator {
  private ClusterStatusAggregator() {}

  /** The status of the active cluster: members, quorum, and a condition per aspect. */
  static HAClusterStatus active(
      HACluster cluster,
      MembershipResult r,
      List<AcknowledgementRecord> acks,
      QuorumDeviceVote device,
      Clock clock) {
    HAClusterStatus old = cluster.getStatus();
    long generation = cluster.getMetadata().getGeneration();
    List<Condition> conditions = new ArrayList<>(List.of(quorate(r, generation)));
    if (cluster.getSpec().quorumDevice() != null) {
      conditions.add(
          device.error() == null
              ? Conditions.of(
                  "QuorumDeviceReadable",
                  true,
                  "Readable",
                  "the quorum device Lease is readable",
                  generation)
              : Conditions.of(
                  "QuorumDeviceReadable", false, "Unreadable", device.error(), generation));
    }
    if (cluster.getSpec().twoNodeOrDefault()) {
      conditions.add(
          r.twoNode()
              ? Conditions.of(
                  "TwoNode", true, "InForce", "two members: quorate with one vote", generation)
              : Conditions.of(
                  "TwoNode",
                  false,
                  "NotTwoMembers",
                  "twoNode is ignored: the cluster has "
                      + r.members().size()
                      + " members, and two-node mode needs exactly two; quorum is a majority",
                  generation));
    }
    int online = (int) r.members().stream().filter(m -> m.state() == MemberState.ONLINE).count();
    return new HAClusterStatus(
        generation,
        r.quorate(),
        r.votes(),
        r.expectedVotes(),
        r.quorumVotes(),
        r.quorumDeviceVotes(),
        online,
        r.quorumSince().toString(),
        r.members(),
        Conditions.merge(old.conditionsOrEmpty(), conditions, clock),
        cluster.getSpec().expectedVotes(),
        acks);
  }

  private static Condition quorate(MembershipResult r, long generation) {
    return r.quorate()
        ? Conditions.of(
            "Quorate",
            true,
            "Quorate",
            r.votes() + " votes present, " + r.quorumVotes() + " needed",
            generation)
        : Conditions.of(
            "Quorate",
            false,
            "QuorumLost",
            "inquorate: "
                + r.votes()
                + " votes, "
                + r.quorumVotes()
                + " needed; nothing is fenced, started or relocated",
            generation);
  }

  /** Why a cluster other than the active one decides nothing. */
  static String inactiveMessage(HACluster active) {
    return "ignored: HACluster "
        + active.getMetadata().getName()
        + " is the cluster (the oldest); only one HACluster is supported, delete this one";
  }

  /** The status of a cluster other than the active one: only its Active=False condition. */
  static HAClusterStatus inactive(HACluster cluster, HACluster active, Clock clock) {
    long generation = cluster.getMetadata().getGeneration();
    HAClusterStatus old = cluster.getStatus();
    return new HAClusterStatus(
        generation,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        Conditions.merge(
            old.conditionsOrEmpty(),
            List.of(
                Conditions.of(
                    "Active",
                    false,
                    "AnotherHAClusterActive",
                    inactiveMessage(active),
                    generation)),
            clock),
        null,
        null);
  }

  /** The quorum device error the stored status reports, or null. */
  static String deviceError(HAClusterStatus status) {
    return status.conditionsOrEmpty().stream()
        .filter(c -> "QuorumDeviceReadable".equals(c.type()) && "False".equals(c.status()))
        .map(Condition::message)
        .findFirst()
        .orElse(null);
  }
}
