package dev.rgmanager.operator.reconciler;

import dev.rgmanager.api.v1alpha1.HACluster;
import dev.rgmanager.api.v1alpha1.HAClusterSpec;
import dev.rgmanager.api.v1alpha1.HAClusterStatus;
import dev.rgmanager.api.v1alpha1.MemberState;
import dev.rgmanager.api.v1alpha1.MemberStatus;
import dev.rgmanager.operator.membership.Durations;
import dev.rgmanager.operator.membership.Liveness;
import dev.rgmanager.operator.membership.NodeFacts;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/** Observes cluster membership: which members are online, their votes, and the quorum line. */
@ControllerConfiguration(name = "hacluster")
public class HAClusterReconciler implements Reconciler<HACluster> {
  private static final Logger LOG = Logger.getLogger(HAClusterReconciler.class);
  private static final String NODE_LEASES = "kube-node-lease";
  private final Clock clock;

  public HAClusterReconciler(Clock clock) {
    this.clock = clock;
  }

  @Override
  public UpdateControl<HACluster> reconcile(HACluster cluster, Context<HACluster> ctx) {
    HAClusterSpec spec = cluster.getSpec();
    Duration token = Durations.parse(spec.tokenTimeoutOrDefault());
    Instant now = clock.instant();
    Map<String, Integer> votes = memberVotes(spec, ctx.getClient());
    Map<String, NodeFacts> facts = observe(ctx.getClient(), votes.keySet());
    HAClusterStatus old = cluster.getStatus();
    Map<String, MemberStatus> previous =
        old == null
            ? Map.of()
            : old.membersOrEmpty().stream()
                .collect(Collectors.toMap(MemberStatus::name, Function.identity(), (a, b) -> a));
    List<MemberStatus> members = new ArrayList<>();
    int present = 0;
    int total = 0;
    for (var e : votes.entrySet()) {
      NodeFacts node = facts.get(e.getKey());
      boolean online = Liveness.online(node, token, now);
      MemberState state = online ? MemberState.ONLINE : MemberState.OFFLINE;
      MemberStatus before = previous.get(e.getKey());
      String since =
          before != null && before.state() == state ? before.lastTransitionTime() : now.toString();
      if (before != null && before.state() != state) {
        LOG.infof(
            "member=%s state=%s reason=%s",
            e.getKey(), state, online ? "heartbeat" : "token timeout");
      }
      members.add(
          new MemberStatus(
              e.getKey(),
              state,
              e.getValue(),
              node.lastHeartbeat() == null ? null : node.lastHeartbeat().toString(),
              since,
              null,
              null,
              null,
              null));
      total += e.getValue();
      present += online ? e.getValue() : 0;
    }
    int expected =
        spec.twoNodeOrDefault() ? 1 : spec.expectedVotes() != null ? spec.expectedVotes() : total;
    int needed = expected / 2 + 1;
    boolean quorate = present >= needed;
    int online = (int) members.stream().filter(m -> m.state() == MemberState.ONLINE).count();
    String quorumSince =
        old != null && old.quorate() != null && old.quorate() == quorate
            ? old.quorumTransitionTime()
            : now.toString();
    HAClusterStatus next =
        new HAClusterStatus(
            cluster.getMetadata().getGeneration(),
            quorate,
            present,
            expected,
            needed,
            0,
            online,
            quorumSince,
            members,
            old == null ? null : old.conditions());
    Duration refresh = token.dividedBy(4).isZero() ? Duration.ofSeconds(1) : token.dividedBy(4);
    if (next.equals(old)) {
      return UpdateControl.<HACluster>noUpdate().rescheduleAfter(refresh);
    }
    cluster.setStatus(next);
    return UpdateControl.patchStatus(cluster).rescheduleAfter(refresh);
  }

  private static Map<String, Integer> memberVotes(HAClusterSpec spec, KubernetesClient client) {
    Map<String, Integer> votes = new LinkedHashMap<>();
    spec.nodesOrEmpty().forEach(n -> votes.put(n.name(), n.votesOrDefault()));
    if (spec.memberSelector() != null) {
      client.nodes().withLabels(spec.memberSelector()).list().getItems().stream()
          .map(n -> n.getMetadata().getName())
          .sorted()
          .forEach(name -> votes.putIfAbsent(name, 1));
    }
    return votes;
  }

  private static Map<String, NodeFacts> observe(KubernetesClient client, Iterable<String> names) {
    Map<String, Node> nodes =
        client.nodes().list().getItems().stream()
            .collect(Collectors.toMap(n -> n.getMetadata().getName(), Function.identity()));
    Map<String, Lease> leases =
        client.leases().inNamespace(NODE_LEASES).list().getItems().stream()
            .collect(Collectors.toMap(l -> l.getMetadata().getName(), Function.identity()));
    Map<String, NodeFacts> out = new LinkedHashMap<>();
    for (String name : names) {
      Node node = nodes.get(name);
      Lease lease = leases.get(name);
      Instant heartbeat =
          lease == null || lease.getSpec() == null || lease.getSpec().getRenewTime() == null
              ? null
              : lease.getSpec().getRenewTime().toInstant();
      out.put(
          name,
          new NodeFacts(
              name, node != null, heartbeat, node == null ? null : NodeReadiness.ready(node)));
    }
    return out;
  }
}
