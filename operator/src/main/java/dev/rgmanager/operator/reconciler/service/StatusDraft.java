package dev.rgmanager.operator.reconciler.service;

import dev.rgmanager.api.v1alpha1.AfterStop;
import dev.rgmanager.api.v1alpha1.ClusterService;
import dev.rgmanager.api.v1alpha1.ClusterServiceStatus;
import dev.rgmanager.api.v1alpha1.Condition;
import dev.rgmanager.api.v1alpha1.OperationResult;
import dev.rgmanager.api.v1alpha1.ResourceStatus;
import dev.rgmanager.api.v1alpha1.ServiceState;
import dev.rgmanager.api.v1alpha1.Transition;
import dev.rgmanager.api.v1alpha1.TransitionAction;
import dev.rgmanager.operator.status.Conditions;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/** The next status of one service, built up during one reconcile from the current one. */
final class StatusDraft extends ConditionsDraft {

  private final Instant now;
  private ServiceState state;
  private String owner;
  private String lastOwner;
  private String since;
  private List<String> restarts;
  private List<ResourceStatus> resources;
  private Transition transition;
  private OperationResult lastOperation;
  private String message;
  private String migrationFailedTo;

  StatusDraft(ClusterService service, Instant now) {
    super(
        service.getMetadata().getGeneration() == null ? 0 : service.getMetadata().getGeneration(),
        service.getStatus().conditionsOrEmpty());
    ClusterServiceStatus s = service.getStatus();
    this.now = now;
    state = s.state();
    owner = s.owner();
    lastOwner = s.lastOwner();
    since = s.lastTransitionTime();
    restarts = new ArrayList<>(s.restartsOrEmpty());
    resources = s.resources();
    transition = s.transition();
    lastOperation = s.lastOperation();
    message = s.message();
    migrationFailedTo = s.migrationFailedTo();
  }

  ServiceState state() {
    return state;
  }

  String owner() {
    return owner;
  }

  Transition transition() {
    return transition;
  }

  void message(String text) {
    message = text;
  }

  void resources(List<ResourceStatus> observed) {
    resources = observed;
  }

  void recordRestart(Instant at) {
    restarts.add(at.toString());
  }

  String lastOwner() {
    return lastOwner;
  }

  /** The node the last migration failed to reach, or null. */
  String migrationFailedTo() {
    return migrationFailedTo;
  }

  List<Instant> restartInstants() {
    List<Instant> out = new ArrayList<>();
    restarts.forEach(t -> out.add(Instant.parse(t)));
    return out;
  }

  /** Forgets restarts older than the expire time (the sliding window). */
  void pruneRestarts(java.time.Duration expire) {
    if (expire == null) {
      return;
    }
    restarts.removeIf(t -> !Instant.parse(t).plus(expire).isAfter(now));
  }

  void clearRestarts() {
    restarts = new ArrayList<>();
  }

  /** A refused operation: the request's own id, or the spec generation for a declarative one. */
  void refused(String operation, String reason) {
    if (lastOperation != null && "Pending".equals(lastOperation.result())) {
      operationResult("Refused", reason);
    } else {
      lastOperation =
          new OperationResult("g" + generation, operation, null, "Refused", reason, now.toString());
    }
    message = reason;
  }

  void clearTransition() {
    transition = null;
  }

  void beginStart(String node, String reason) {
    if (owner != null) {
      lastOwner = owner;
    }
    transition = new Transition(TransitionAction.START, node, null, null, reason, now.toString());
    move(ServiceState.STARTING);
    owner = node;
    message = reason;
  }

  void beginStop(AfterStop then, String thenNode, String reason) {
    transition =
        new Transition(TransitionAction.STOP, null, then, thenNode, reason, now.toString());
    move(ServiceState.STOPPING);
    message = reason;
  }

  /** A migration of the running VM to {@code node}: the owner stays the source until it ends. */
  void beginMigrate(String node, String reason) {
    transition = new Transition(TransitionAction.MIGRATE, node, null, null, reason, now.toString());
    move(ServiceState.MIGRATING);
    message = reason;
  }

  /**
   * Where the last migration stands: failed to reach {@code target} (with why), or (target null)
   * not failed; the MigrationFailed condition is written when it is so, or was.
   */
  void migrationFailed(String target, String why) {
    migrationFailedTo = target;
    if (target != null) {
      condition(MIGRATION_FAILED, true, "MigrationFailed", why);
    } else if (hadCondition(MIGRATION_FAILED)) {
      condition(MIGRATION_FAILED, false, "NotFailed", "the last migration or start succeeded");
    }
  }

  /** Ends any transition in {@code end}; a service that is not started has no owner. */
  void end(ServiceState end, String node, String reason) {
    transition = null;
    if (owner != null && !owner.equals(node)) {
      lastOwner = owner;
    }
    owner = node;
    move(end);
    message = reason;
  }

  void operation(OperationRequest op, String result, String text) {
    lastOperation = new OperationResult(op.id(), op.op(), op.node(), result, text, now.toString());
  }

  /** Completes a pending one-shot operation with the transition's outcome. */
  void operationResult(String result, String text) {
    if (lastOperation != null
        && ("Pending".equals(lastOperation.result()) || "Refused".equals(result))) {
      lastOperation =
          new OperationResult(
              lastOperation.id(),
              lastOperation.operation(),
              lastOperation.node(),
              result,
              text,
              now.toString());
    }
  }

  private void move(ServiceState next) {
    if (next != state) {
      since = now.toString();
    }
    state = next;
  }

  ClusterServiceStatus build() {
    List<Condition> updates = new ArrayList<>();
    boolean ready = state == ServiceState.STARTED;
    updates.add(
        Conditions.of(
            READY,
            ready,
            ready ? "Started" : state == null ? "NotEvaluated" : "Not" + cap(state),
            ready ? "started on " + owner : message == null ? "not started" : message,
            generation));
    // Explicit updates (for example Ready=False NoHACluster) win over the state's own Ready.
    updates.addAll(conditionUpdates);
    List<Condition> conditions =
        Conditions.merge(previousConditions, updates, Clock.fixed(now, ZoneOffset.UTC));
    return new ClusterServiceStatus(
        generation,
        state,
        owner,
        lastOwner,
        since,
        restarts,
        resources,
        transition,
        lastOperation,
        message,
        conditions,
        migrationFailedTo);
  }

  /**
   * Whether {@code next} is worth a write over {@code previous}: any change but the detail text of
   * a resource whose state is unchanged ("pod is not ready" after "starting on node-2"). That text
   * is refreshed with the next write, and a start costs one write less.
   */
  static boolean worthWriting(ClusterServiceStatus previous, ClusterServiceStatus next) {
    if (next.equals(previous)) {
      return false;
    }
    return !withoutDetail(next).equals(withoutDetail(previous));
  }

  private static ClusterServiceStatus withoutDetail(ClusterServiceStatus s) {
    List<ResourceStatus> resources =
        s.resourcesOrEmpty().stream()
            .map(r -> new ResourceStatus(r.name(), r.type(), r.state(), null))
            .toList();
    return new ClusterServiceStatus(
        s.observedGeneration(),
        s.state(),
        s.owner(),
        s.lastOwner(),
        s.lastTransitionTime(),
        s.restarts(),
        resources,
        s.transition(),
        s.lastOperation(),
        s.message(),
        s.conditions(),
        s.migrationFailedTo());
  }

  private static String cap(ServiceState s) {
    String w = s.name().toLowerCase();
    return Character.toUpperCase(w.charAt(0)) + w.substring(1);
  }
}
