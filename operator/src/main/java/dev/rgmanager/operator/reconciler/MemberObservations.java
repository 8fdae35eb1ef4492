package dev.rgmanager.operator.reconciler;

import dev.rgmanager.api.v1alpha1.HAClusterSpec;
import dev.rgmanager.operator.membership.HeartbeatObservations;
import dev.rgmanager.operator.membership.MemberConfig;
import dev.rgmanager.operator.membership.NodeFacts;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What membership is decided from, read from the informer caches: the configured and selected
 * members, and each one's node and heartbeat as this operator observed it.
 */
final class MemberObservations {
  private final HeartbeatObservations heartbeats = new HeartbeatObservations();

  /** Stamps a Lease renewal with the operator's clock as it arrives. */
  void renewed(Lease lease, Instant now) {
    heartbeats.observe(lease.getMetadata().getName(), renewTime(lease), now);
  }

  /** The members: those the spec lists, then the nodes its selector matches. */
  static List<MemberConfig> members(HAClusterSpec spec, Map<String, Node> nodes) {
    Map<String, MemberConfig> out = new LinkedHashMap<>();
    spec.nodesOrEmpty()
        .forEach(
            n ->
                out.put(
                    n.name(),
                    new MemberConfig(
                        n.name(), n.votesOrDefault(), !n.fenceMethodsOrEmpty().isEmpty())));
    if (spec.memberSelector() != null) {
      nodes.values().stream()
          .filter(n -> NodeReadiness.matches(n, spec.memberSelector()))
          .map(n -> n.getMetadata().getName())
          .sorted()
          .forEach(name -> out.putIfAbsent(name, new MemberConfig(name, 1, false)));
    }
    return new ArrayList<>(out.values());
  }

  /**
   * True while no member has renewed its heartbeat for longer than {@code token}: the heartbeat
   * store stalled ({@link HeartbeatObservations#stalled}), and membership is not judged meanwhile.
   */
  boolean heartbeatsStalled(Duration token, Instant now) {
    heartbeats.tokenTimeout(token);
    return heartbeats.stalled(now);
  }

  /** Each member's node and heartbeat now. */
  Map<String, NodeFacts> facts(
      List<MemberConfig> members,
      Map<String, Node> nodes,
      Map<String, Lease> leases,
      Duration token,
      Instant now) {
    heartbeats.tokenTimeout(token);
    Map<String, NodeFacts> out = new HashMap<>();
    for (MemberConfig m : members) {
      Node node = nodes.get(m.name());
      Lease lease = leases.get(m.name());
      // When this operator saw the renewal, on its own clock: the kubelet's clock decides nothing.
      // Counted only from when the store took renewals again after a stall, if one came since.
      Instant heartbeat =
          heartbeats.heartbeat(
              heartbeats.observe(m.name(), lease == null ? null : renewTime(lease), now));
      out.put(
          m.name(),
          new NodeFacts(
              m.name(),
              node != null,
              heartbeat,
              node == null ? null : NodeReadiness.ready(node),
              node != null && NodeReadiness.cordoned(node)));
    }
    return out;
  }

  private static Instant renewTime(Lease lease) {
    return lease.getSpec() == null || lease.getSpec().getRenewTime() == null
        ? null
        : lease.getSpec().getRenewTime().toInstant();
  }
}
