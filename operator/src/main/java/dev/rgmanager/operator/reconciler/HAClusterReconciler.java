package dev.rgmanager.operator.reconciler;

import dev.rgmanager.api.v1alpha1.HACluster;
import dev.rgmanager.api.v1alpha1.HAClusterSpec;
import dev.rgmanager.api.v1alpha1.HAClusterStatus;
import dev.rgmanager.operator.Leadership;
import dev.rgmanager.operator.events.EventRecorder;
import dev.rgmanager.operator.events.Reason;
import dev.rgmanager.operator.fencing.FenceCoordinator;
import dev.rgmanager.operator.fencing.FenceLedger;
import dev.rgmanager.operator.membership.Acknowledgements;
import dev.rgmanager.operator.membership.Durations;
import dev.rgmanager.operator.membership.MemberConfig;
import dev.rgmanager.operator.membership.Membership;
import dev.rgmanager.operator.membership.MembershipInput;
import dev.rgmanager.operator.membership.MembershipResult;
import dev.rgmanager.operator.membership.NodeFacts;
import dev.rgmanager.operator.metrics.OperatorMetrics;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.inbound.SimpleInboundEventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * Cluster membership: observes nodes and their heartbeat Leases, decides each member's state and
 * the quorum line ({@link Membership}), records it in status, then acts on it ({@link
 * MembershipPlan}): fences lost members, taints fenced nodes out of service and untaints them when
 * they are back.
 */
@ControllerConfiguration(name = "hacluster")
public class HAClusterReconciler implements Reconciler<HACluster> {
  private static final Logger LOG = Logger.getLogger(HAClusterReconciler.class);
  // Whether the last reconcile found the heartbeats stalled (said once a stall).
  private volatile boolean heartbeatsStalled;
  private static final String NODE_LEASES = "kube-node-lease";
  private final Clock clock;
  private final FenceLedger ledger;
  private final EventRecorder events;
  private final OperatorMetrics metrics;
  private final FenceCoordinator coordinator;
  private final TaintWriter taints = new TaintWriter();
  private final Leadership leadership;
  private final MemberObservations observations = new MemberObservations();
  private final ClusterAnnouncements say;
  // Whether each member should carry the taint, as the latest reconcile decided it.
  private final Map<String, Boolean> taintWanted = new ConcurrentHashMap<>();
  // A fence outcome wakes the cluster that started the fencing (the active one, last reconciled).
  private final SimpleInboundEventSource<HACluster> fenceOutcomes =
      new SimpleInboundEventSource<>("fence-outcomes");
  private volatile ResourceID activeCluster;
  private InformerEventSource<Node, HACluster> nodeCache;
  private InformerEventSource<Lease, HACluster> leaseCache;

  public HAClusterReconciler(
      Clock clock,
      FenceLedger ledger,
      EventRecorder events,
      OperatorMetrics metrics,
      FenceCoordinator coordinator,
      Leadership leadership) {
    this.leadership = leadership;
    this.clock = clock;
    this.ledger = ledger;
    this.events = events;
    this.metrics = metrics;
    this.coordinator = coordinator;
    this.say = new ClusterAnnouncements(events, metrics);
  }

  /**
   * Nodes and their heartbeat Leases, read from informer caches: a membership check costs no read
   * request. Their changes do not wake the reconciler (heartbeats arrive every few seconds per
   * node); it checks again when the next heartbeat would expire (see {@link NextMembershipCheck}).
   * A fence outcome does wake it, so that a fenced node is recorded, and its services recovered, at
   * once; so does a node cordoned or uncordoned (standby).
   */
  @Override
  public List<EventSource<?, HACluster>> prepareEventSources(EventSourceContext<HACluster> ctx) {
    nodeCache = NodeCache.cordonWaking(ctx, HACluster.class, () -> activeCluster);
    leaseCache =
        new InformerEventSource<>(
            InformerEventSourceConfiguration.from(Lease.class, HACluster.class)
                .withName("node-heartbeats")
                .withItemStore(new StrippedItemStore<>())
                .withNamespaces(NODE_LEASES)
                // Each renewal is stamped with the operator's clock as it arrives; it wakes
                // nothing.
                .withSecondaryToPrimaryMapper(
                    l -> {
                      observations.renewed(l, clock.instant());
                      return Set.of();
                    })
                .build(),
            ctx);
    ledger.subscribe(
        node -> {
          ResourceID cluster = activeCluster;
          if (cluster != null) {
            fenceOutcomes.propagateEvent(cluster);
          }
        });
    return List.of(nodeCache, leaseCache, fenceOutcomes);
  }

  /**
   * Membership must never stop being observed: a failed reconcile (the API server timed out) is
   * logged by exception type only (fencing messages stay in their scrubbed form) and tried again
   * (at once after a conflict, else two seconds later), however many times it fails.
   */
  @Override
  public ErrorStatusUpdateControl<HACluster> updateErrorStatus(
      HACluster cluster, Context<HACluster> ctx, Exception e) {
    LOG.warnf(
        "cluster=%s decision=retry reason=%s",
        cluster.getMetadata().getName(), e.getClass().getSimpleName());
    return ErrorStatusUpdateControl.<HACluster>noStatusUpdate()
        .withNoRetry()
        .rescheduleAfter(Retry.after(e));
  }

  @Override
  public UpdateControl<HACluster> reconcile(HACluster cluster, Context<HACluster> ctx) {
    if (leadership.lost()) {
      // Deposed and exiting: the new leader watches membership now.
      return UpdateControl.noUpdate();
    }
    KubernetesClient client = ctx.getClient();
    HAClusterSpec spec = cluster.getSpec();
    Instant now = clock.instant();
    HACluster active = ActiveCluster.of(ctx.getPrimaryCache().list().toList());
    if (active != null && !ActiveCluster.same(active, cluster)) {
      return inactive(cluster, active, ctx);
    }
    activeCluster = ResourceID.fromResource(cluster);
    Map<String, Node> nodes = byName(nodeCache.list().toList(), n -> n.getMetadata().getName());
    List<MemberConfig> members = MemberObservations.members(spec, nodes);
    Duration token = Durations.parse(spec.tokenTimeoutOrDefault());
    boolean stalled = observations.heartbeatsStalled(token, now);
    if (stalled && !heartbeatsStalled) {
      // Said once a stall: the Event may wait for the store like everything else.
      heartbeatsStalled = true;
      LOG.warnf(
          "cluster=%s node=- decision=hold-membership reason=no member renewed its heartbeat for"
              + " more than the token timeout (%s)",
          cluster.getMetadata().getName(), spec.tokenTimeoutOrDefault());
      events.warning(
          cluster,
          Reason.HeartbeatsStalled,
          "no member renewed its heartbeat for more than the token timeout ("
              + spec.tokenTimeoutOrDefault()
              + "): the heartbeat store stalled; membership is held, nothing is fenced or moved,"
              + " until renewals resume");
    }
    heartbeatsStalled = stalled;
    if (stalled) {
      // No member renewed for a whole token: the store stalled, not every node at once. Nothing is
      // judged until renewals come again, and then every heartbeat counts from that moment.
      LOG.debugf(
          "cluster=%s node=- decision=hold-membership reason=no member renewed its heartbeat for"
              + " more than the token timeout (%s): the heartbeat store (etcd, the API server) or"
              + " the operator's way to it stalled; membership is judged again once renewals"
              + " resume",
          cluster.getMetadata().getName(), spec.tokenTimeoutOrDefault());
      return UpdateControl.<HACluster>noUpdate().rescheduleAfter(token.dividedBy(4));
    }
    Map<String, NodeFacts> facts =
        observations.facts(
            members,
            nodes,
            byName(leaseCache.list().toList(), l -> l.getMetadata().getName()),
            token,
            now);
    HAClusterStatus previous = cluster.getStatus();
    Acknowledgements.Review acks =
        Acknowledgements.review(
            spec.fenceAcknowledgementsOrEmpty(),
            previous.acknowledgementsOrEmpty(),
            previous.membersOrEmpty(),
            now);
    QuorumDeviceVote device = QuorumDeviceVote.read(client, spec, token, now);
    MembershipResult result =
        Membership.decide(
            new MembershipInput(
                members,
                spec.expectedVotes(),
                spec.twoNodeOrDefault(),
                device.votes(),
                token,
                Durations.parse(spec.postFailDelayOrDefault()),
                Durations.parse(spec.postJoinDelayOrDefault()),
                facts,
                previous,
                acks.usable(),
                ledger.snapshot(),
                now));
    MembershipPlan plan =
        MembershipPlan.of(result, nodes, spec, previous, OutOfServiceTaint::present);
    taintWanted.putAll(plan.fenced());
    plan.untaint().forEach(node -> changeTaint(client, cluster, node, false));
    HAClusterStatus next =
        ClusterStatusAggregator.active(
            cluster,
            result,
            Acknowledgements.settle(acks.records(), result.members()),
            device,
            clock);
    metrics.quorum(result.quorate(), next.onlineMembers());
    if (!next.equals(previous)) {
      // Recorded before anything is done about it, and locked: a leader that was paused and
      // deposed must not overwrite its successor's record of a node (a stale "fenced" would delete
      // a live node's pods). A conflict (an acknowledgement arrived meanwhile) is retried at once,
      // and nothing below is done until the record is made.
      cluster.setStatus(next);
      StatusWrites.applyNow(cluster, ctx);
    }
    act(client, cluster, plan);
    // Told once recorded: a write that conflicts is retried, and must not announce twice.
    say.membership(cluster, result.changes(), acks, device, previous);
    return UpdateControl.<HACluster>noUpdate()
        .rescheduleAfter(NextMembershipCheck.after(result, facts, token, now));
  }

  /** Carries out a recorded plan: fencing started and stopped, unfencing, taints added. */
  private void act(KubernetesClient client, HACluster cluster, MembershipPlan plan) {
    plan.stopFencing().forEach(coordinator::cancel);
    plan.forget().forEach(ledger::forget);
    plan.fence().forEach(n -> coordinator.ensureFencing(n, say.fencing(cluster)));
    plan.unfence().forEach(coordinator::unfence);
    // A node recorded fenced is tainted in the background, and only if it is still fenced when
    // the change is made.
    for (String node : plan.taint()) {
      taints.submit(
          node,
          () -> {
            Node current = nodeCache.get(new ResourceID(node)).orElse(null);
            if (current != null
                && Boolean.TRUE.equals(taintWanted.get(node))
                && !leadership.lost()) {
              changeTaint(client, cluster, current, true);
            }
          });
    }
  }

  private void changeTaint(KubernetesClient client, HACluster cluster, Node node, boolean wanted) {
    String name = node.getMetadata().getName();
    if (OutOfServiceTaint.ensure(client, nodeCache, node, wanted)) {
      LOG.infof(
          "node=%s taint=%s reason=%s",
          name, wanted ? "added" : "removed", wanted ? "fenced" : "rejoined");
      events.normal(
          cluster,
          wanted ? Reason.OutOfServiceTainted : Reason.OutOfServiceCleared,
          (wanted ? "out-of-service taint added to " : "out-of-service taint removed from ")
              + name);
    }
  }

  private static <T> Map<String, T> byName(List<T> items, Function<T, String> name) {
    return items.stream().collect(Collectors.toMap(name, Function.identity()));
  }

  /**
   * An HACluster other than the active one is left alone and says so: one HACluster drives every
   * service and fences every node, so a second one must not fence or count votes beside it.
   */
  private UpdateControl<HACluster> inactive(
      HACluster cluster, HACluster active, Context<HACluster> ctx) {
    String message = ClusterStatusAggregator.inactiveMessage(active);
    HAClusterStatus old = cluster.getStatus();
    boolean announced =
        old.conditionsOrEmpty().stream()
            .anyMatch(c -> "Active".equals(c.type()) && message.equals(c.message()));
    HAClusterStatus next = ClusterStatusAggregator.inactive(cluster, active, clock);
    if (!next.equals(old)) {
      cluster.setStatus(next);
      StatusWrites.applyNow(cluster, ctx);
    }
    if (!announced) {
      LOG.warnf("cluster=%s decision=ignored reason=%s", cluster.getMetadata().getName(), message);
      events.warning(cluster, Reason.AnotherHAClusterActive, message);
    }
    return UpdateControl.noUpdate();
  }
}
