package dev.rgmanager.operator.reconciler;

import dev.rgmanager.api.v1alpha1.Condition;
import dev.rgmanager.api.v1alpha1.DomainMember;
import dev.rgmanager.api.v1alpha1.FailoverDomain;
import dev.rgmanager.api.v1alpha1.FailoverDomainSpec;
import dev.rgmanager.api.v1alpha1.FailoverDomainStatus;
import dev.rgmanager.operator.status.Conditions;
import io.fabric8.kubernetes.api.model.Node;
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

  public FailoverDomainReconciler(Clock clock) {
    this.clock = clock;
  }

  /** Nodes, read from an informer's cache; the domain looks again every {@link #REFRESH}. */
  @Override
  public List<EventSource<?, FailoverDomain>> prepareEventSources(
      EventSourceContext<FailoverDomain> ctx) {
    nodeCache = NodeCache.source(ctx, FailoverDomain.class);
    return List.of(nodeCache);
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
    List<Condition> conditions =
        Conditions.merge(
            old == null || old.conditions() == null ? List.of() : old.conditions(),
            List.of(
                online > 0
                    ? Conditions.of(
                        "Ready", true, "MembersOnline", online + " member(s) online", generation)
                    : Conditions.of(
                        "Ready",
                        false,
                        "NoMemberOnline",
                        "no member of the domain is online",
                        generation)),
            clock);
    FailoverDomainStatus next = new FailoverDomainStatus(generation, online, members, conditions);
    if (next.equals(old)) {
      return UpdateControl.<FailoverDomain>noUpdate().rescheduleAfter(REFRESH);
    }
    domain.setStatus(next);
    return UpdateControl.patchStatus(domain).rescheduleAfter(REFRESH);
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
