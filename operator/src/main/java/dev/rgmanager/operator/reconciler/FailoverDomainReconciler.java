package dev.rgmanager.operator.reconciler;

import dev.rgmanager.api.v1alpha1.Condition;
import dev.rgmanager.api.v1alpha1.DomainMember;
import dev.rgmanager.api.v1alpha1.FailoverDomain;
import dev.rgmanager.api.v1alpha1.FailoverDomainSpec;
import dev.rgmanager.api.v1alpha1.FailoverDomainStatus;
import dev.rgmanager.api.v1alpha1.HACluster;
import dev.rgmanager.operator.membership.MemberConfig;
import dev.rgmanager.operator.status.Conditions;
import io.fabric8.kubernetes.api.model.Node;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/** Resolves a FailoverDomain's members (named and selected) and counts those online. */
@ControllerConfiguration(name = "failoverdomain")
public class FailoverDomainReconciler implements Reconciler<FailoverDomain> {
  private static final Duration REFRESH = Duration.ofSeconds(10);
  private final Clock clock;

  private InformerEventSource<Node, FailoverDomain> nodeCache;
  private InformerEventSource<HACluster, FailoverDomain> clusterCache;

  public FailoverDomainReconciler(Clock clock) {
    this.clock = clock;
  }

  /** Nodes, read from an informer's cache; the domain looks again every {@link #REFRESH}. */
  @Override
  public List<EventSource<?, FailoverDomain>> prepareEventSources(
      EventSourceContext<FailoverDomain> ctx) {
    nodeCache = NodeCache.source(ctx, FailoverDomain.class);
    // The cluster's members, to check the domain's against; read at each look, waking nothing.
    clusterCache =
        new InformerEventSource<>(
            InformerEventSourceConfiguration.from(HACluster.class, FailoverDomain.class)
                .withName("domain-clusters")
                .withItemStore(new StrippedItemStore<>())
                .withWatchAllNamespaces()
                .withSecondaryToPrimaryMapper(c -> Set.of())
                .build(),
            ctx);
    return List.of(nodeCache, clusterCache);
  }

  @Override
  public UpdateControl<FailoverDomain> reconcile(
      FailoverDomain domain, Context<FailoverDomain> ctx) {
    FailoverDomainSpec spec = domain.getSpec();
    List<Node> nodes = nodeCache.list().toList();
    List<DomainMember> members = resolve(spec, nodes);
    Set<String> ready =
        nodes.stream()
            .filter(NodeReadiness::isReady)
            .map(n -> n.getMetadata().getName())
            .collect(Collectors.toSet());
    int online = (int) members.stream().filter(m -> ready.contains(m.node())).count();
    long generation = domain.getMetadata().getGeneration();
    FailoverDomainStatus old = domain.getStatus();
    List<Condition> updates = new ArrayList<>();
    updates.add(
        online > 0
            ? Conditions.of(
                "Ready", true, "MembersOnline", online + " member(s) online", generation)
            : Conditions.of(
                "Ready", false, "NoMemberOnline", "no member of the domain is online", generation));
    Condition valid =
        validity(ActiveCluster.of(clusterCache.list().toList()), members, nodes, generation);
    if (valid != null) {
      updates.add(valid);
    }
    List<Condition> conditions = Conditions.merge(old.conditions(), updates, clock);
    FailoverDomainStatus next = new FailoverDomainStatus(generation, online, members, conditions);
    if (next.equals(old)) {
      return UpdateControl.<FailoverDomain>noUpdate().rescheduleAfter(REFRESH);
    }
    domain.setStatus(next);
    return UpdateControl.patchStatus(domain).rescheduleAfter(REFRESH);
  }

  /**
   * Valid=False when the domain lists a node that is no member of the cluster (a typo, or a node
   * not yet added to the HACluster): such a node can never run the domain's services. Null when
   * there is no HACluster to check against.
   */
  static Condition validity(
      HACluster cluster, List<DomainMember> members, List<Node> nodes, long generation) {
    if (cluster == null) {
      return null;
    }
    Map<String, Node> byName = new LinkedHashMap<>();
    nodes.forEach(n -> byName.put(n.getMetadata().getName(), n));
    Set<String> clusterMembers =
        MemberObservations.members(cluster.getSpec(), byName).stream()
            .map(MemberConfig::name)
            .collect(Collectors.toSet());
    List<String> strangers =
        members.stream().map(DomainMember::node).filter(n -> !clusterMembers.contains(n)).toList();
    if (strangers.isEmpty()) {
      return Conditions.of(
          "Valid", true, "MembersInCluster", "every member is a cluster member", generation);
    }
    return Conditions.of(
        "Valid",
        false,
        "NotAClusterMember",
        String.join(", ", strangers)
            + (strangers.size() == 1 ? " is" : " are")
            + " listed in spec.members but no member of HACluster "
            + cluster.getMetadata().getName()
            + ": add "
            + (strangers.size() == 1 ? "it" : "them")
            + " to the HACluster's spec.nodes (or memberSelector), or remove "
            + (strangers.size() == 1 ? "it" : "them")
            + " from the domain",
        generation);
  }

  /** Named members keep their priority; selected nodes join with the selector priority. */
  static List<DomainMember> resolve(FailoverDomainSpec spec, List<Node> nodes) {
    Map<String, DomainMember> byNode = new LinkedHashMap<>();
    spec.membersOrEmpty()
        .forEach(m -> byNode.put(m.node(), new DomainMember(m.node(), m.priorityOrDefault())));
    if (spec.nodeSelector() != null) {
      for (Node node : nodes) {
        if (NodeReadiness.matches(node, spec.nodeSelector())) {
          byNode.putIfAbsent(
              node.getMetadata().getName(),
              new DomainMember(node.getMetadata().getName(), spec.selectorPriorityOrDefault()));
        }
      }
    }
    List<DomainMember> out = new ArrayList<>(byNode.values());
    out.sort(
        Comparator.comparingInt(DomainMember::priorityOrDefault).thenComparing(DomainMember::node));
    return out;
  }
}
