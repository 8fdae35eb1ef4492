package dev.rgmanager.operator.reconciler.service;

import dev.rgmanager.api.v1alpha1.ClusterService;
import dev.rgmanager.api.v1alpha1.ClusterServiceStatus;
import dev.rgmanager.api.v1alpha1.MemberStatus;
import dev.rgmanager.api.v1alpha1.ServiceState;
import dev.rgmanager.api.v1alpha1.Transition;
import dev.rgmanager.operator.Leadership;
import dev.rgmanager.operator.core.ClusterView;
import dev.rgmanager.operator.core.Decision;
import dev.rgmanager.operator.core.DisableHold;
import dev.rgmanager.operator.core.Operation;
import dev.rgmanager.operator.core.ServiceEngine;
import dev.rgmanager.operator.core.ServiceFacts;
import dev.rgmanager.operator.core.Trigger;
import dev.rgmanager.operator.events.EventRecorder;
import dev.rgmanager.operator.events.Reason;
import dev.rgmanager.operator.membership.Durations;
import dev.rgmanager.operator.metrics.OperatorMetrics;
import dev.rgmanager.operator.reconciler.ClusterFacts;
import dev.rgmanager.operator.reconciler.NodeReadiness;
import dev.rgmanager.operator.reconciler.Retry;
import dev.rgmanager.operator.reconciler.StatusWrites;
import dev.rgmanager.operator.reconciler.StrippedItemStore;
import dev.rgmanager.operator.resource.Actuators;
import dev.rgmanager.operator.resource.DriveResult;
import dev.rgmanager.operator.resource.ResourceTree;
import dev.rgmanager.operator.resource.TransitionDriver;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Cleaner;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Runs ClusterServices: asks the decision core what to do, drives the resulting transition one step
 * per reconcile (recorded in status before acting, so a new leader finishes it), checks the health
 * of started services, and reports every state change as status, an Event and a log line.
 */
@ControllerConfiguration(
    name = "clusterservice",
    informer = @Informer(itemStore = StrippedItemStore.class))
public class ServiceReconciler implements Reconciler<ClusterService>, Cleaner<ClusterService> {
  private static final Logger LOG = Logger.getLogger(ServiceReconciler.class);
  private static final Duration DRIVE_PERIOD = Duration.ofSeconds(1);

  private final Clock clock;
  private final EventRecorder events;
  private final OperatorMetrics metrics;
  private final Leadership leadership;
  private final ServiceEventSources sources = new ServiceEventSources();
  // Built over the informer caches once the event sources exist, before the first reconcile.
  private volatile Actuators actuators;
  private volatile TransitionDriver driver;

  public ServiceReconciler(
      Clock clock, EventRecorder events, OperatorMetrics metrics, Leadership leadership) {
    this.leadership = leadership;
    this.clock = clock;
    this.events = events;
    this.metrics = metrics;
  }

  @Override
  public List<EventSource<?, ClusterService>> prepareEventSources(
      EventSourceContext<ClusterService> ctx) {
    List<EventSource<?, ClusterService>> created = sources.create(ctx);
    actuators = new Actuators(sources.objects());
    driver = new TransitionDriver(actuators);
    return created;
  }

  @Override
  public UpdateControl<ClusterService> reconcile(
      ClusterService service, Context<ClusterService> ctx) {
    if (leadership.lost()) {
      // Deposed and exiting: the new leader runs the services now.
      return UpdateControl.noUpdate();
    }
    Instant now = clock.instant();
    ClusterFacts facts = ClusterFacts.of(sources.clusters(), sources.domains());
    StatusDraft draft = new StatusDraft(service, now);
    Announcements say = new Announcements(events, metrics);
    if (facts.cluster() == null) {
      draft.condition(
          "Ready",
          false,
          "NoHACluster",
          "no HACluster exists: create one (see config/samples/cluster)");
      return finish(service, draft, say, ctx, Duration.ofSeconds(10));
    }
    Situation sit = new Situation(service, facts, sources.view(facts), draft, say, now);
    if (service.getSpec().frozenOrDefault()) {
      draft.condition(
          "Frozen", true, "Frozen", "frozen: no status checks, no start, no stop, no failover");
      OperationRequest.pending(service)
          .ifPresent(
              op -> {
                draft.operation(
                    op, "Refused", CoreMapping.id(service) + " is frozen: unfreeze it first");
                say.warning(service, Reason.OperationRefused, op.op() + " refused: frozen");
              });
      return finish(service, draft, say, ctx, Duration.ofSeconds(10));
    }
    draft.condition("Frozen", false, "NotFrozen", "not frozen");
    Transition t = draft.transition();
    if (t == null) {
      evaluate(sit);
      t = draft.transition();
    }
    // Drive the transition, the one just decided included, until a step is due or it waits; a
    // transition that ends and begins the next (stopped, now start elsewhere) goes on at once.
    Runnable step = null;
    for (int round = 0; t != null && step == null && round < 3; round++) {
      step = drive(sit, t);
      Transition next = draft.transition();
      t = next == null || next.equals(t) ? null : next;
    }
    Duration next =
        draft.transition() != null
            ? DRIVE_PERIOD
            : Durations.parse(service.getSpec().statusIntervalOrDefault());
    if (step != null) {
      // The status that names the step is recorded before the step is taken, and the step only
      // while this replica still leads (the write may have outlasted its Lease).
      finish(service, draft, say, ctx, next);
      if (!leadership.lost()) {
        step.run();
      }
      return UpdateControl.<ClusterService>noUpdate().rescheduleAfter(next);
    }
    return finish(service, draft, say, ctx, next);
  }

  /** One reconcile's inputs. */
  private record Situation(
      ClusterService service,
      ClusterFacts facts,
      ClusterView view,
      StatusDraft draft,
      Announcements say,
      Instant now) {
    ServiceFacts core() {
      return CoreMapping.service(service, facts.domains())
          .withStatus(
              draft.state() == null
                  ? null
                  : dev.rgmanager.operator.core.State.valueOf(draft.state().name()),
              draft.owner(),
              draft.lastOwner(),
              draft.restartInstants());
    }
  }

  /** Moves a transition on; returns the step to take once its status is recorded, or null. */
  private Runnable drive(Situation sit, Transition t) {
    ClusterService service = sit.service();
    StatusDraft draft = sit.draft();
    if ("start".equals(t.action())) {
      if (!sit.facts().quorate()) {
        draft.message("start on " + t.node() + " paused: the cluster is inquorate");
        return null;
      }
      if (!sit.facts().online(t.node())) {
        startFailed(sit, t.node(), t.node() + " is not online");
        return null;
      }
    }
    if ("stop".equals(t.action()) && draft.owner() != null && !sit.facts().online(draft.owner())) {
      String owner = draft.owner();
      if (!sit.facts().fenced(owner)) {
        // The owner died while stopping: nothing can be stopped there until it is fenced.
        draft.message("stop waits: " + owner + " is offline and not yet fenced");
        draft.condition(
            "WaitingForFencing", true, "OwnerNotFenced", owner + " is offline and not yet fenced");
        return null;
      }
      // Fenced: whatever ran there is stopped for good; forget it and finish the stop.
      actuators.forgetFencedNode(
          service, ResourceTree.of(service.getSpec().resourcesOrEmpty()), owner);
    }
    DriveResult r = driver.drive(service, t, sit.now());
    draft.resources(r.resources());
    switch (r.outcome()) {
      case IN_PROGRESS -> draft.message(r.message());
      case STARTED -> {
        draft.settle(ServiceState.STARTED, t.node(), r.message());
        draft.operationResult("Succeeded", r.message());
        log(service, t.node(), "started", t.reason());
        sit.say().normal(service, Reason.ServiceStarted, "started on " + t.node());
      }
      case START_FAILED -> startFailed(sit, t.node(), r.message());
      case STOPPED -> {
        if ("start".equals(t.then())) {
          draft.beginStart(t.thenNode(), t.reason());
          log(service, t.thenNode(), "start", t.reason());
          sit.say()
              .normal(
                  service,
                  Reason.ServiceStarting,
                  "starting on " + t.thenNode() + ": " + t.reason());
        } else {
          ServiceState end = ServiceState.valueOf(t.then().toUpperCase(Locale.ROOT));
          draft.settle(end, null, t.reason());
          draft.operationResult("Succeeded", "now " + t.then());
          log(service, null, t.then(), t.reason());
          sit.say()
              .normal(
                  service,
                  end == ServiceState.DISABLED ? Reason.ServiceDisabled : Reason.ServiceStopped,
                  t.reason());
        }
      }
      case STOP_FAILED -> {
        draft.settle(ServiceState.FAILED, draft.owner(), r.message());
        draft.operationResult("Failed", r.message());
        log(service, draft.owner(), "failed", r.message());
        sit.say()
            .warning(service, Reason.ServiceFailed, r.message() + "; only disable is allowed now");
      }
    }
    return r.step();
  }

  private void startFailed(Situation sit, String node, String why) {
    sit.say().warning(sit.service(), Reason.ServiceFailed, "start on " + node + " failed: " + why);
    log(sit.service(), node, "start-failed", why);
    sit.draft().clearTransition();
    apply(
        sit,
        ServiceEngine.decide(sit.core(), sit.view(), Trigger.startFailed(node, why), sit.now()));
  }

  private void evaluate(Situation sit) {
    ClusterService service = sit.service();
    StatusDraft draft = sit.draft();
    Trigger trigger = Trigger.evaluate();
    Optional<OperationRequest> request = OperationRequest.pending(service);
    if (request.isPresent()) {
      OperationRequest op = request.get();
      if ("invalid".equals(op.op())) {
        draft.operation(op, "Refused", op.node());
        sit.say().warning(service, Reason.OperationRefused, op.node());
        return;
      }
      draft.operation(op, "Pending", "requested");
      trigger = Trigger.operation(Operation.valueOf(op.op().toUpperCase(Locale.ROOT)), op.node());
    } else if (draft.state() == ServiceState.STARTED
        && sit.facts().online(draft.owner())
        && ownerNodeReady(draft.owner())) {
      DriveResult check = driver.check(service, draft.owner());
      draft.resources(check.resources());
      if (check.outcome() != DriveResult.Outcome.STARTED) {
        sit.say().warning(service, Reason.StatusCheckFailed, check.message());
        log(service, draft.owner(), "status-check-failed", check.message());
        trigger = Trigger.statusCheckFailed(check.message());
      }
    }
    apply(sit, ServiceEngine.decide(sit.core(), sit.view(), trigger, sit.now()));
  }

  /**
   * A status check is trusted only while the owner's node reports Ready: a node that stopped
   * reporting is a membership question (fence, then recover), not a reason to restart in place.
   */
  private boolean ownerNodeReady(String owner) {
    var node = sources.objects().node(owner);
    return node != null && NodeReadiness.isReady(node);
  }

  /** Records the core's hold ({@link DisableHold}) as the HeldDisabled condition. */
  private static void hold(StatusDraft draft, ServiceFacts before, Decision d) {
    if (DisableHold.after(before, d)) {
      draft.condition(
          CoreMapping.HELD_DISABLED,
          true,
          "DisabledByCluster",
          d.reason() + "; kubectl cluster-status enable starts it again");
    } else if (before.heldDisabled() || d instanceof Decision.Start) {
      draft.condition(CoreMapping.HELD_DISABLED, false, "NotHeld", "not held disabled");
    }
  }

  private void apply(Situation sit, Decision d) {
    ClusterService service = sit.service();
    StatusDraft draft = sit.draft();
    ServiceFacts before = sit.core();
    hold(draft, before, d);
    draft.pruneRestarts(before.restartExpire());
    if (d instanceof Decision.Start s) {
      for (MemberStatus m : sit.facts().members().values()) {
        if (sit.facts().fenced(m.name())) {
          actuators.forgetFencedNode(
              service, ResourceTree.of(service.getSpec().resourcesOrEmpty()), m.name());
        }
      }
      if (s.restart()) {
        draft.recordRestart(sit.now());
      }
      String old = draft.owner();
      if (old != null && !old.equals(s.node()) && !sit.facts().online(old)) {
        MemberStatus lost = sit.facts().members().get(old);
        Duration since =
            lost == null || lost.lastTransitionTime() == null
                ? Duration.ZERO
                : Duration.between(Instant.parse(lost.lastTransitionTime()), sit.now());
        sit.say().failover(since);
        // One Event says both: the service is starting, and it is a recovery from a lost node.
        sit.say()
            .normal(
                service,
                Reason.ServiceRelocated,
                "starting on " + s.node() + " after losing " + old + ": " + s.reason());
      } else {
        sit.say()
            .normal(service, Reason.ServiceStarting, "starting on " + s.node() + ": " + s.reason());
      }
      draft.beginStart(s.node(), s.reason());
      draft.condition("WaitingForFencing", false, "NotWaiting", "not waiting for fencing");
      log(service, s.node(), "start", s.reason());
    } else if (d instanceof Decision.Stop s) {
      if (s.clearWindow()) {
        draft.clearRestarts();
      }
      if (s.restart()) {
        draft.recordRestart(sit.now());
        sit.say().normal(service, Reason.ServiceRestarted, s.reason());
      }
      draft.beginStop(
          s.then() == null ? null : CoreMapping.state(s.then()), s.thenNode(), s.reason());
      log(
          service,
          draft.owner(),
          s.then() == null ? "move-to-" + s.thenNode() : "stop",
          s.reason());
      sit.say().normal(service, Reason.ServiceStopping, s.reason());
    } else if (d instanceof Decision.Mark m) {
      ServiceState target = CoreMapping.state(m.state());
      if (target != draft.state()) {
        draft.settle(target, target == ServiceState.STARTED ? draft.owner() : null, m.reason());
        draft.operationResult("Succeeded", m.reason());
        log(service, null, target.name().toLowerCase(Locale.ROOT), m.reason());
        sit.say()
            .normal(
                service,
                target == ServiceState.DISABLED ? Reason.ServiceDisabled : Reason.ServiceStopped,
                m.reason());
      } else {
        draft.message(m.reason());
      }
      draft.condition("WaitingForFencing", false, "NotWaiting", "not waiting for fencing");
    } else if (d instanceof Decision.AwaitFencing w) {
      if (draft.state() != ServiceState.RECOVERING) {
        draft.settle(ServiceState.RECOVERING, draft.owner(), w.reason());
        sit.say().warning(service, Reason.WaitingForFencing, w.reason());
        log(service, w.node(), "await-fencing", w.reason());
      }
      draft.message(w.reason());
      draft.condition("WaitingForFencing", true, "OwnerNotFenced", w.reason());
    } else if (d instanceof Decision.Refuse r) {
      draft.refused(r.operation().word(), r.reason());
      sit.say()
          .warning(
              service, Reason.OperationRefused, r.operation().word() + " refused: " + r.reason());
      log(service, null, "refuse-" + r.operation().word(), r.reason());
    } else {
      LOG.debugf("service=%s decision=keep reason=%s", CoreMapping.id(service), d.reason());
      draft.message(d.reason());
      draft.condition("WaitingForFencing", false, "NotWaiting", "not waiting for fencing");
    }
  }

  /**
   * Records the status now (see {@link StatusWrites}: as JOSDK would write a returned one), then
   * gives out the reconcile's Events and metrics; a step of the transition comes after.
   */
  private UpdateControl<ClusterService> finish(
      ClusterService service,
      StatusDraft draft,
      Announcements say,
      Context<ClusterService> ctx,
      Duration next) {
    if (settle(service, draft)) {
      StatusWrites.applyNow(service, ctx);
    }
    say.flush();
    return UpdateControl.<ClusterService>noUpdate().rescheduleAfter(next);
  }

  /** Puts the draft into {@code service}; true when it is worth writing over the stored status. */
  private boolean settle(ClusterService service, StatusDraft draft) {
    ClusterServiceStatus status = draft.build();
    metrics.serviceState(CoreMapping.id(service), status.state());
    if (!StatusDraft.worthWriting(service.getStatus(), status)) {
      return false;
    }
    service.setStatus(status);
    return true;
  }

  /**
   * A reconcile that failed (the API server timed out, a write conflicted) is logged and tried
   * again ({@link Retry#after}: at once after a conflict), for as long as it takes: a service in
   * the middle of a transition must never be dropped because the API server was slow a few times in
   * a row.
   */
  @Override
  public ErrorStatusUpdateControl<ClusterService> updateErrorStatus(
      ClusterService service, Context<ClusterService> ctx, Exception e) {
    LOG.warnf(
        "service=%s node=- decision=retry reason=%s: %s",
        CoreMapping.id(service), e.getClass().getSimpleName(), e.getMessage());
    return ErrorStatusUpdateControl.<ClusterService>noStatusUpdate()
        .withNoRetry()
        .rescheduleAfter(Retry.after(e));
  }

  @Override
  public DeleteControl cleanup(ClusterService service, Context<ClusterService> ctx) {
    if (leadership.lost()) {
      return DeleteControl.noFinalizerRemoval();
    }
    Instant now = clock.instant();
    var stop =
        new Transition(
            "stop", null, "stopped", null, "the ClusterService is being deleted", now.toString());
    DriveResult r = driver.drive(service, stop, now);
    if (r.step() != null) {
      r.step().run();
    }
    if (r.outcome() == DriveResult.Outcome.STOPPED) {
      metrics.serviceState(CoreMapping.id(service), null);
      log(service, null, "deleted", "tree stopped; removing the finalizer");
      return DeleteControl.defaultDelete();
    }
    return DeleteControl.noFinalizerRemoval().rescheduleAfter(DRIVE_PERIOD.toMillis());
  }

  private static void log(ClusterService s, String node, String decision, String reason) {
    LOG.infof(
        "service=%s node=%s decision=%s reason=%s",
        CoreMapping.id(s), node == null ? "-" : node, decision, reason);
  }
}
