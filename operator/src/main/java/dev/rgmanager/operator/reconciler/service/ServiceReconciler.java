package dev.rgmanager.operator.reconciler.service;

import dev.rgmanager.api.v1alpha1.AfterStop;
import dev.rgmanager.api.v1alpha1.ClusterService;
import dev.rgmanager.api.v1alpha1.ClusterServiceStatus;
import dev.rgmanager.api.v1alpha1.Transition;
import dev.rgmanager.api.v1alpha1.TransitionAction;
import dev.rgmanager.operator.Leadership;
import dev.rgmanager.operator.core.ClusterView;
import dev.rgmanager.operator.core.ServiceEngine;
import dev.rgmanager.operator.core.ServiceFacts;
import dev.rgmanager.operator.core.Trigger;
import dev.rgmanager.operator.events.EventRecorder;
import dev.rgmanager.operator.events.Reason;
import dev.rgmanager.operator.membership.Durations;
import dev.rgmanager.operator.metrics.OperatorMetrics;
import dev.rgmanager.operator.reconciler.ClusterFacts;
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
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Runs ClusterServices, one reconcile at a time: gates (no cluster, frozen), then asks the core
 * what to do ({@link Evaluation}, {@link ServiceEngine}), records the decision ({@link
 * DecisionRecorder}), carries the recorded transition on ({@link TransitionStepper}), writes the
 * status, and only then takes the step it names, so that a new leader finishes what this one began.
 */
@ControllerConfiguration(
    name = "clusterservice",
    // Generation alone would hide operation requests (annotations): the filter says what wakes.
    generationAwareEventProcessing = false,
    informer =
        @Informer(
            itemStore = StrippedItemStore.class,
            onUpdateFilter = RequestAwareUpdateFilter.class))
public class ServiceReconciler implements Reconciler<ClusterService>, Cleaner<ClusterService> {
  private static final Logger LOG = Logger.getLogger(ServiceReconciler.class);
  private static final Duration DRIVE_PERIOD = Duration.ofSeconds(1);

  /**
   * Hops one reconcile may make between the core and the driver before it writes: a decision, the
   * stop it begins, the start that follows it, and the core's answer to that start failing at once.
   * More would be a loop; the next reconcile goes on from what is recorded.
   */
  private static final int MAX_HOPS = 4;

  private final Clock clock;
  private final EventRecorder events;
  private final OperatorMetrics metrics;
  private final Leadership leadership;
  private final ServiceEventSources sources;
  // Built over the informer caches once the event sources exist, before the first reconcile.
  private volatile TransitionDriver driver;
  private volatile TransitionStepper stepper;
  private volatile Evaluation evaluation;
  private volatile Actuators actuators;

  @Inject
  public ServiceReconciler(
      Clock clock, EventRecorder events, OperatorMetrics metrics, Leadership leadership) {
    this(clock, events, metrics, leadership, new ServiceEventSources(clock));
  }

  ServiceReconciler(
      Clock clock,
      EventRecorder events,
      OperatorMetrics metrics,
      Leadership leadership,
      ServiceEventSources sources) {
    this.clock = clock;
    this.events = events;
    this.metrics = metrics;
    this.leadership = leadership;
    this.sources = sources;
  }

  @Override
  public List<EventSource<?, ClusterService>> prepareEventSources(
      EventSourceContext<ClusterService> ctx) {
    List<EventSource<?, ClusterService>> created = sources.create(ctx);
    actuators = new Actuators(sources.objects(), sources.kubevirt());
    driver = new TransitionDriver(actuators);
    stepper = new TransitionStepper(actuators, driver);
    evaluation = new Evaluation(driver, sources.objects());
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
          StatusDraft.READY,
          false,
          "NoHACluster",
          "no HACluster exists: create one (see config/samples/cluster)");
      return finish(service, draft, say, ctx, Duration.ofSeconds(10));
    }
    if (service.getSpec().frozenOrDefault()) {
      draft.frozen(true);
      OperationRequest.pending(service)
          .ifPresent(
              op -> {
                draft.operation(
                    op, "Refused", CoreMapping.id(service) + " is frozen: unfreeze it first");
                say.warning(service, Reason.OperationRefused, op.op() + " refused: frozen");
              });
      return finish(service, draft, say, ctx, Duration.ofSeconds(10));
    }
    draft.frozen(false);
    var vmSeenOn =
        actuators.vmSeenOn(service, ResourceTree.of(service.getSpec().resourcesOrEmpty()));
    String vmProblem = ServiceReferences.vmProblem(service, sources.kubevirt());
    SharedView shared = sources.shared();
    Decided decided =
        shared.deciding(
            () ->
                decide(new Situation(service, facts, null, draft, say, now, vmSeenOn, vmProblem)));
    Duration next =
        draft.transition() != null
            ? DRIVE_PERIOD
            : Durations.parse(service.getSpec().statusIntervalOrDefault());
    String recorded;
    try {
      recorded = record(service, draft, say, ctx);
    } catch (RuntimeException e) {
      if (decided.claimed()) {
        shared.withdraw(CoreMapping.id(service));
      }
      throw e;
    }
    if (decided.claimed()) {
      shared.written(CoreMapping.id(service), recorded);
    }
    // The step named by the status just recorded, and only while this replica still leads (the
    // write may have outlasted its Lease).
    if (decided.step() != null && !leadership.lost()) {
      decided.step().run();
    }
    return UpdateControl.<ClusterService>noUpdate().rescheduleAfter(next);
  }

  /** What one reconcile decided: the step to take once recorded, and whether it was claimed. */
  private record Decided(Runnable step, boolean claimed) {}

  /**
   * Reads the shared view, decides and drives ({@link #advance}), and claims in the view where the
   * service now stands if that moved it (state, owner or the node it heads for), so that the next
   * service to decide sees it before the informers do. Runs within {@link SharedView#deciding}.
   */
  private Decided decide(Situation unviewed) {
    ClusterView view = sources.view(unviewed.facts());
    Situation sit = unviewed.withView(view);
    ServiceReferences.record(sit);
    Runnable step = advance(sit);
    ServiceFacts before = view.service(sit.id());
    ServiceFacts after = sit.core();
    boolean moved =
        before == null
            || before.state() != after.state()
            || !Objects.equals(before.owner(), after.owner())
            || !Objects.equals(before.heading(), after.heading());
    if (moved) {
      sources.shared().claim(after, sit.service().getMetadata().getResourceVersion(), sit.now());
    }
    return new Decided(step, moved);
  }

  /**
   * Decides (when no transition is recorded) and drives, hop by hop, until a step is due, the
   * service waits, or nothing changes; returns the step to take once the status is written.
   */
  private Runnable advance(Situation sit) {
    StatusDraft draft = sit.draft();
    Optional<Trigger> trigger =
        draft.transition() == null ? evaluation.trigger(sit) : Optional.empty();
    for (int hop = 0; hop < MAX_HOPS; hop++) {
      if (draft.transition() == null) {
        if (trigger.isEmpty()) {
          return null;
        }
        DecisionRecorder.record(
            sit, ServiceEngine.decide(sit.core(), sit.view(), trigger.get(), sit.now()));
        trigger = Optional.empty();
        if (draft.transition() == null) {
          return null;
        }
      }
      Transition driving = draft.transition();
      TransitionStepper.Hop h = stepper.drive(sit, driving);
      if (h.step() != null) {
        return h.step();
      }
      trigger = Optional.ofNullable(h.trigger());
      if (trigger.isEmpty() && driving.equals(draft.transition())) {
        return null;
      }
    }
    return null;
  }

  /**
   * Records the status now (see {@link StatusWrites}: as JOSDK would write a returned one), then
   * gives out the reconcile's Events and metrics; used where the reconcile ends there.
   */
  private UpdateControl<ClusterService> finish(
      ClusterService service,
      StatusDraft draft,
      Announcements say,
      Context<ClusterService> ctx,
      Duration next) {
    record(service, draft, say, ctx);
    return UpdateControl.<ClusterService>noUpdate().rescheduleAfter(next);
  }

  /**
   * Writes the drafted status if it says something new, then gives out the Events and metrics;
   * returns the resource version that holds the status (the written one, else the one read).
   */
  private String record(
      ClusterService service, StatusDraft draft, Announcements say, Context<ClusterService> ctx) {
    ClusterServiceStatus status = draft.build();
    metrics.serviceState(CoreMapping.id(service), status.state());
    String version = service.getMetadata().getResourceVersion();
    if (StatusDraft.worthWriting(service.getStatus(), status)) {
      service.setStatus(status);
      version = StatusWrites.applyNow(service, ctx).getMetadata().getResourceVersion();
    }
    say.flush();
    return version;
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
            TransitionAction.STOP,
            null,
            AfterStop.STOPPED,
            null,
            "the ClusterService is being deleted",
            now.toString());
    DriveResult r = driver.drive(service, stop, now);
    if (r.step() != null) {
      r.step().run();
    }
    if (r.outcome() == DriveResult.Outcome.STOPPED) {
      actuators.release(service, ResourceTree.of(service.getSpec().resourcesOrEmpty()));
      metrics.serviceState(CoreMapping.id(service), null);
      DecisionLog.info(service, null, "deleted", "tree stopped; removing the finalizer");
      return DeleteControl.defaultDelete();
    }
    return DeleteControl.noFinalizerRemoval().rescheduleAfter(DRIVE_PERIOD.toMillis());
  }
}
