package dev.rgmanager.operator.reconciler;

import dev.rgmanager.api.v1alpha1.AcknowledgementRecord;
import dev.rgmanager.api.v1alpha1.Condition;
import dev.rgmanager.api.v1alpha1.HACluster;
import dev.rgmanager.api.v1alpha1.HAClusterSpec;
import dev.rgmanager.api.v1alpha1.HAClusterStatus;
import dev.rgmanager.api.v1alpha1.MemberState;
import dev.rgmanager.api.v1alpha1.MemberStatus;
import dev.rgmanager.api.v1alpha1.QuorumDevice;
import dev.rgmanager.operator.Leadership;
import dev.rgmanager.operator.events.EventRecorder;
import dev.rgmanager.operator.events.Reason;
import dev.rgmanager.operator.fencing.FenceCoordinator;
import dev.rgmanager.operator.fencing.FenceLedger;
import dev.rgmanager.operator.membership.Acknowledgements;
import dev.rgmanager.operator.membership.Durations;
import dev.rgmanager.operator.membership.HeartbeatObservations;
import dev.rgmanager.operator.membership.MemberConfig;
import dev.rgmanager.operator.membership.Membership;
import dev.rgmanager.operator.membership.MembershipChange;
import dev.rgmanager.operator.membership.MembershipInput;
import dev.rgmanager.operator.membership.MembershipResult;
import dev.rgmanager.operator.membership.NodeFacts;
import dev.rgmanager.operator.metrics.OperatorMetrics;
import dev.rgmanager.operator.status.Conditions;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * Cluster membership: observes nodes and their heartbeat Leases, decides each member's state and
 * the quorum line, taints fenced nodes out of service and untaints them when they are back.
 */
@ControllerConfiguration(name = "hacluster")
public class HAClusterReconciler implements Reconciler<HACluster> {
  /** The soonest a membership check is repeated, however close a heartbeat is to expiring. */
  private static final Duration SOONEST = Duration.ofMillis(100);

  private static final Logger LOG = Logger.getLogger(HAClusterReconciler.class);
  private static final String NODE_LEASES = "kube-node-lease";
  private final Clock clock;
  private final FenceLedger ledger;
  private final EventRecorder events;
  private final OperatorMetrics metrics;
  private final FenceCoordinator coordinator;
  private final TaintWriter taints = new TaintWriter();
  private final Leadership leadership;
  private final HeartbeatObservations heartbeats = new HeartbeatObservations();
  // Whether each member should carry the taint, as the latest reconcile decided it.
  private final Map<String, Boolean> taintWanted = new ConcurrentHashMap<>();
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
  }

  /**
   * Nodes and their heartbeat Leases, read from informer caches: a membership check costs no read
   * request. Their changes do not wake the reconciler (heartbeats arrive every few seconds per
   * node); it checks again when the next heartbeat would expire (see {@link #nextCheck}).
   */
  @Override
  public List<EventSource<?, HACluster>> prepareEventSources(EventSourceContext<HACluster> ctx) {
    nodeCache = NodeCache.source(ctx, HACluster.class);
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
                      heartbeats.observe(l.getMetadata().getName(), renewTime(l), clock.instant());
                      return Set.of();
                    })
                .build(),
            ctx);
    return List.of(nodeCache, leaseCache);
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
    Map<String, Node> nodes =
        nodeCache
            .list()
            .collect(Collectors.toMap(n -> n.getMetadata().getName(), Function.identity()));
    List<MemberConfig> members = members(spec, nodes);
    Map<String, NodeFacts> facts = facts(leaseCache, nodes, members, now);
    Duration token = Durations.parse(spec.tokenTimeoutOrDefault());
    HAClusterStatus previous = cluster.getStatus();
    Acknowledgements.Review acks =
        Acknowledgements.review(
            spec.fenceAcknowledgementsOrEmpty(),
            previous == null ? List.of() : previous.acknowledgementsOrEmpty(),
            previous == null ? List.of() : previous.membersOrEmpty(),
            now);
    QuorumDeviceVote device = quorumDeviceVotes(client, spec, token, now);
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
    List<String> toTaint = new ArrayList<>();
    for (MemberStatus m : result.members()) {
      Node node = nodes.get(m.name());
      boolean fenced = m.state() == MemberState.FENCED;
      taintWanted.put(m.name(), fenced);
      if (node != null && OutOfServiceTaint.present(node) != fenced) {
        if (fenced) {
          toTaint.add(m.name());
        } else {
          // Removed before the status says the node is back: nothing may be placed on a node
          // that still carries the NoExecute taint.
          changeTaint(client, cluster, node, false);
        }
      }
      if (m.state() != MemberState.FENCING) {
        // Back, fenced, no longer to be fenced, or the cluster is inquorate: no job may go on.
        coordinator.cancel(m.name());
      }
      if (m.state() == MemberState.ONLINE) {
        ledger.forget(m.name());
      }
      if (m.state() == MemberState.FENCING) {
        spec.nodesOrEmpty().stream()
            .filter(n -> n.name().equals(m.name()))
            .findFirst()
            .ifPresent(n -> coordinator.ensureFencing(n, listener(cluster)));
      }
    }
    for (MembershipChange c : result.changes()) {
      if (c.kind() == MembershipChange.Kind.JOINED && wasFenced(cluster.getStatus(), c.node())) {
        spec.nodesOrEmpty().stream()
            .filter(n -> n.name().equals(c.node()))
            .findFirst()
            .ifPresent(coordinator::unfence);
      }
    }
    HAClusterStatus next =
        status(cluster, result, Acknowledgements.settle(acks.records(), result.members()), device);
    metrics.quorum(result.quorate(), next.onlineMembers());
    Duration refresh = nextCheck(onlineHeartbeats(result, facts), token, now);
    if (!next.equals(cluster.getStatus())) {
      // Written now, before any taint is added, and locked: a leader that was paused and deposed
      // must not overwrite its successor's record of a node (a stale "fenced" would delete a live
      // node's pods). A conflict (an acknowledgement arrived meanwhile) is retried at once.
      cluster.setStatus(next);
      StatusWrites.applyNow(cluster, ctx);
    }
    // Told once recorded: a write that conflicts is retried, and must not announce twice.
    report(cluster, result.changes());
    for (var refused : acks.refused()) {
      LOG.warnf(
          "cluster=%s node=%s acknowledgement=refused reason=%s",
          cluster.getMetadata().getName(), refused.node(), refused.message());
      events.warning(
          cluster,
          Reason.FenceAcknowledgementRefused,
          "acknowledgement of " + refused.node() + " refused: " + refused.message());
    }
    if (device.error() != null && !device.error().equals(previousDeviceError(previous))) {
      LOG.warnf(
          "cluster=%s quorumDevice=unreadable reason=%s",
          cluster.getMetadata().getName(), device.error());
      events.warning(cluster, Reason.QuorumDeviceUnreadable, device.error());
    }
    // A node recorded fenced is tainted after the record, in the background, and only if it is
    // still fenced when the change is made.
    for (String node : toTaint) {
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
    return UpdateControl.<HACluster>noUpdate().rescheduleAfter(refresh);
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

  /** The current heartbeat (Lease renewal) of each online member. */
  private static List<Instant> onlineHeartbeats(
      MembershipResult result, Map<String, NodeFacts> facts) {
    List<Instant> out = new ArrayList<>();
    for (MemberStatus m : result.members()) {
      NodeFacts f = facts.get(m.name());
      if (m.state() == MemberState.ONLINE && f != null && f.lastHeartbeat() != null) {
        out.add(f.lastHeartbeat());
      }
    }
    return out;
  }

  private static boolean wasFenced(HAClusterStatus previous, String node) {
    return previous != null
        && previous.membersOrEmpty().stream()
            .anyMatch(m -> m.name().equals(node) && m.state() == MemberState.FENCED);
  }

  /** Reports the coordinator's progress as Events on the HACluster and as metrics. */
  private FenceCoordinator.Listener listener(HACluster cluster) {
    return new FenceCoordinator.Listener() {
      @Override
      public void started(String node, String method) {
        LOG.infof("node=%s fence=started method=%s", node, method);
      }

      @Override
      public void methodFailed(String node, String method, int round, String message) {
        metrics.fence(method, false, java.time.Duration.ZERO);
        events.warning(
            cluster,
            Reason.FenceFailed,
            node + ": method " + method + " failed (round " + round + "): " + message);
      }

      @Override
      public void succeeded(String node, String method, int round, java.time.Duration took) {
        metrics.fence(method, true, took);
      }
    };
  }

  private HAClusterStatus status(
      HACluster cluster,
      MembershipResult r,
      List<AcknowledgementRecord> acks,
      QuorumDeviceVote device) {
    HAClusterStatus old = cluster.getStatus();
    long generation = cluster.getMetadata().getGeneration();
    var quorate =
        r.quorate()
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
    int online = (int) r.members().stream().filter(m -> m.state() == MemberState.ONLINE).count();
    List<Condition> conditions = new ArrayList<>(List.of(quorate));
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
        Conditions.merge(old == null ? List.of() : old.conditionsOrEmpty(), conditions, clock),
        cluster.getSpec().expectedVotes(),
        acks.isEmpty() ? null : acks);
  }

  private static String previousDeviceError(HAClusterStatus previous) {
    return previous == null
        ? null
        : previous.conditionsOrEmpty().stream()
            .filter(c -> "QuorumDeviceReadable".equals(c.type()) && "False".equals(c.status()))
            .map(Condition::message)
            .findFirst()
            .orElse(null);
  }

  /**
   * An HACluster other than the active one is left alone and says so: one HACluster drives every
   * service and fences every node, so a second one must not fence or count votes beside it.
   */
  private UpdateControl<HACluster> inactive(
      HACluster cluster, HACluster active, Context<HACluster> ctx) {
    long generation = cluster.getMetadata().getGeneration();
    String message =
        "ignored: HACluster "
            + active.getMetadata().getName()
            + " is the cluster (the oldest); only one HACluster is supported, delete this one";
    HAClusterStatus old = cluster.getStatus();
    List<Condition> before = old == null ? List.of() : old.conditionsOrEmpty();
    boolean announced =
        before.stream().anyMatch(c -> "Active".equals(c.type()) && message.equals(c.message()));
    HAClusterStatus next =
        new HAClusterStatus(
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
                before,
                List.of(
                    Conditions.of("Active", false, "AnotherHAClusterActive", message, generation)),
                clock),
            null,
            null);
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

  private void report(HACluster cluster, List<MembershipChange> changes) {
    for (MembershipChange c : changes) {
      LOG.infof(
          "cluster=%s node=%s change=%s reason=%s",
          cluster.getMetadata().getName(), c.node(), c.kind(), c.message());
      switch (c.kind()) {
        case JOINED -> events.normal(cluster, Reason.NodeJoined, c.message());
        case LOST -> events.warning(cluster, Reason.NodeLost, c.message());
        case FENCE_NEEDED -> events.warning(cluster, Reason.FenceStarted, c.message());
        case FENCED -> events.normal(cluster, Reason.FenceSucceeded, c.message());
        case QUORUM_LOST -> events.warning(cluster, Reason.QuorumLost, c.message());
        case QUORUM_REGAINED -> events.normal(cluster, Reason.QuorumRegained, c.message());
      }
    }
  }

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

  /** The quorum device's votes now, and why it could not be read (null when it could). */
  record QuorumDeviceVote(int votes, String error) {}

  /**
   * The quorum device's votes count while its Lease was renewed within its timeout. A Lease that
   * cannot be read (forbidden, API error) counts as no vote and is reported; it never stops
   * membership from being decided.
   */
  static QuorumDeviceVote quorumDeviceVotes(
      KubernetesClient client, HAClusterSpec spec, Duration token, Instant now) {
    QuorumDevice qd = spec.quorumDevice();
    if (qd == null) {
      return new QuorumDeviceVote(0, null);
    }
    Lease lease;
    try {
      lease = client.leases().inNamespace(qd.leaseNamespace()).withName(qd.leaseName()).get();
    } catch (KubernetesClientException e) {
      return new QuorumDeviceVote(
          0,
          "quorum device Lease "
              + qd.leaseNamespace()
              + "/"
              + qd.leaseName()
              + " cannot be read (HTTP "
              + e.getCode()
              + "): it counts as no vote; grant the operator get on that Lease");
    }
    if (lease == null) {
      return new QuorumDeviceVote(
          0,
          "quorum device Lease "
              + qd.leaseNamespace()
              + "/"
              + qd.leaseName()
              + " does not exist: it counts as no vote");
    }
    if (lease.getSpec() == null || lease.getSpec().getRenewTime() == null) {
      return new QuorumDeviceVote(0, null);
    }
    Duration timeout =
        qd.timeout() != null
            ? Durations.parse(qd.timeout())
            : lease.getSpec().getLeaseDurationSeconds() != null
                ? Duration.ofSeconds(lease.getSpec().getLeaseDurationSeconds())
                : token;
    boolean fresh = !lease.getSpec().getRenewTime().toInstant().plus(timeout).isBefore(now);
    return new QuorumDeviceVote(fresh ? qd.votesOrDefault() : 0, null);
  }

  /**
   * When to look again: a quarter of the token timeout at most (at least a second), and sooner when
   * an online member's heartbeat expires before that, so that a lost node is declared lost within
   * {@link #SOONEST} of its token timeout rather than up to a quarter token later.
   */
  static Duration nextCheck(List<Instant> onlineHeartbeats, Duration token, Instant now) {
    Duration next =
        token.dividedBy(4).compareTo(Duration.ofSeconds(1)) < 0
            ? Duration.ofSeconds(1)
            : token.dividedBy(4);
    for (Instant heartbeat : onlineHeartbeats) {
      Duration untilExpiry = Duration.between(now, heartbeat.plus(token)).plus(SOONEST);
      if (untilExpiry.compareTo(next) < 0) {
        next = untilExpiry.compareTo(SOONEST) < 0 ? SOONEST : untilExpiry;
      }
    }
    return next;
  }

  private Map<String, NodeFacts> facts(
      InformerEventSource<Lease, HACluster> leaseCache,
      Map<String, Node> nodes,
      List<MemberConfig> members,
      Instant now) {
    Map<String, Lease> leases =
        leaseCache
            .list()
            .collect(Collectors.toMap(l -> l.getMetadata().getName(), Function.identity()));
    Map<String, NodeFacts> out = new HashMap<>();
    for (MemberConfig m : members) {
      Node node = nodes.get(m.name());
      Lease lease = leases.get(m.name());
      // When this operator saw the renewal, on its own clock: the kubelet's clock decides nothing.
      Instant heartbeat =
          heartbeats.observe(m.name(), lease == null ? null : renewTime(lease), now);
      out.put(
          m.name(),
          new NodeFacts(
              m.name(), node != null, heartbeat, node == null ? null : NodeReadiness.ready(node)));
    }
    return out;
  }

  private static Instant renewTime(Lease lease) {
    return lease.getSpec() == null || lease.getSpec().getRenewTime() == null
        ? null
        : lease.getSpec().getRenewTime().toInstant();
  }
}
