package dev.rgmanager.operator.reconciler.service;

import dev.rgmanager.api.v1alpha1.AfterStop;
import dev.rgmanager.api.v1alpha1.ClusterService;
import dev.rgmanager.api.v1alpha1.ServiceState;
import dev.rgmanager.api.v1alpha1.Transition;
import dev.rgmanager.api.v1alpha1.TransitionAction;
import dev.rgmanager.operator.core.Member;
import dev.rgmanager.operator.core.Trigger;
import dev.rgmanager.operator.events.Reason;
import dev.rgmanager.operator.resource.Actuators;
import dev.rgmanager.operator.resource.DriveResult;
import dev.rgmanager.operator.resource.ResourceTree;
import dev.rgmanager.operator.resource.TransitionDriver;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Carries a recorded transition on: asks the driver for the next step and records where the
 * transition stands (started, stopped and what follows, failed). It decides nothing: a start that
 * failed is handed back as a trigger for the core.
 */
final class TransitionStepper {
  /** What driving a transition gave: a step to take once recorded, or a trigger for the core. */
  record Hop(Runnable step, Trigger trigger) {
    static final Hop NONE = new Hop(null, null);

    static Hop step(Runnable step) {
      return step == null ? NONE : new Hop(step, null);
    }
  }

  private final Actuators actuators;
  private final TransitionDriver driver;

  TransitionStepper(Actuators actuators, TransitionDriver driver) {
    this.actuators = actuators;
    this.driver = driver;
  }

  Hop drive(Situation sit, Transition t) {
    StatusDraft draft = sit.draft();
    if (t.action() == TransitionAction.START) {
      if (!sit.view().quorate()) {
        draft.message("start on " + t.node() + " paused: the cluster is inquorate");
        return Hop.NONE;
      }
      if (!sit.view().online(t.node())) {
        return startFailed(sit, t.node(), t.node() + " is not online");
      }
    }
    String owner = draft.owner();
    if (t.action() != TransitionAction.START
        && owner != null
        && !sit.view().online(owner)
        && !sit.view().fenced(owner)) {
      // The owner died while stopping (or migrating away): nothing can be stopped or moved there,
      // and nothing started elsewhere, until it is fenced.
      String why = owner + " is offline and not yet fenced";
      draft.message("stop waits: " + why);
      draft.waitingForFencing(why);
      return Hop.NONE;
    }
    draft.waitingForFencing(null);
    forgetFencedMembers(sit);
    DriveResult r = driver.drive(sit.service(), t, sit.now());
    draft.resources(r.resources());
    return switch (r.outcome()) {
      case IN_PROGRESS -> {
        draft.message(r.message());
        yield Hop.step(r.step());
      }
      case STARTED -> started(sit, t, r);
      case START_FAILED -> startFailed(sit, t.node(), r.message());
      case STOPPED -> stopped(sit, t);
      case STOP_FAILED -> stopFailed(sit, r);
      case MIGRATED -> migrated(sit, t, r);
      case MIGRATION_FAILED -> migrationFailed(sit, t, r);
    };
  }

  /**
   * Whatever ran on a fenced member is gone for good (the node is off or cut from its storage): its
   * pods are forgotten at once, so that neither a stop waits for a kubelet that will not answer nor
   * a start elsewhere waits for a volume still attached to them.
   */
  private void forgetFencedMembers(Situation sit) {
    Set<String> fenced =
        sit.view().members().stream()
            .filter(Member::fenced)
            .map(Member::name)
            .collect(Collectors.toSet());
    if (!fenced.isEmpty()) {
      ClusterService service = sit.service();
      ResourceTree tree = ResourceTree.of(service.getSpec().resourcesOrEmpty());
      actuators.forgetFenced(service, tree, fenced);
    }
  }

  private static Hop migrated(Situation sit, Transition t, DriveResult r) {
    StatusDraft draft = sit.draft();
    String from = draft.owner();
    draft.end(ServiceState.STARTED, t.node(), r.message());
    draft.migrationFailed(null, null);
    draft.operationResult("Succeeded", r.message());
    DecisionLog.info(sit.service(), t.node(), "migrated", t.reason());
    sit.say()
        .normal(sit.service(), Reason.ServiceMigrated, "migrated from " + from + " to " + t.node());
    // Once recorded: the source's binding label goes, the instance runs on the target alone.
    return Hop.step(r.step());
  }

  /**
   * The VM stays where it was, started (a status check follows as usual); the target is recorded so
   * that no automatic failback tries it again.
   */
  private static Hop migrationFailed(Situation sit, Transition t, DriveResult r) {
    StatusDraft draft = sit.draft();
    String why = "migration to " + t.node() + " failed: " + r.message();
    draft.end(ServiceState.STARTED, draft.owner(), why + "; still on " + draft.owner());
    draft.migrationFailed(t.node(), why);
    draft.operationResult("Failed", why);
    DecisionLog.info(sit.service(), t.node(), "migration-failed", r.message());
    sit.say().warning(sit.service(), Reason.MigrationFailed, why);
    return Hop.NONE;
  }

  private static Hop started(Situation sit, Transition t, DriveResult r) {
    sit.draft().end(ServiceState.STARTED, t.node(), r.message());
    sit.draft().migrationFailed(null, null);
    sit.draft().operationResult("Succeeded", r.message());
    DecisionLog.info(sit.service(), t.node(), "started", t.reason());
    sit.say().normal(sit.service(), Reason.ServiceStarted, "started on " + t.node());
    return Hop.NONE;
  }

  /** The start failed and the tree is left as it is: the core decides what follows. */
  private static Hop startFailed(Situation sit, String node, String why) {
    sit.say().warning(sit.service(), Reason.ServiceFailed, "start on " + node + " failed: " + why);
    DecisionLog.info(sit.service(), node, "start-failed", why);
    sit.draft().clearTransition();
    return new Hop(null, Trigger.startFailed(node, why));
  }

  private static Hop stopped(Situation sit, Transition t) {
    StatusDraft draft = sit.draft();
    ClusterService service = sit.service();
    if (t.then() == AfterStop.START) {
      draft.beginStart(t.thenNode(), t.reason());
      DecisionLog.info(service, t.thenNode(), "start", t.reason());
      sit.say()
          .normal(
              service,
              Reason.ServiceStarting,
              DecisionRecorder.startingMessage(t.thenNode(), t.reason()));
      return Hop.NONE;
    }
    ServiceState end = t.then().state();
    draft.end(end, null, t.reason());
    draft.operationResult("Succeeded", "now " + t.then().word());
    DecisionLog.info(service, null, t.then().word(), t.reason());
    sit.say()
        .normal(
            service,
            end == ServiceState.DISABLED ? Reason.ServiceDisabled : Reason.ServiceStopped,
            t.reason());
    return Hop.NONE;
  }

  private static Hop stopFailed(Situation sit, DriveResult r) {
    StatusDraft draft = sit.draft();
    draft.end(ServiceState.FAILED, draft.owner(), r.message());
    draft.operationResult("Failed", r.message());
    DecisionLog.info(sit.service(), draft.owner(), "failed", r.message());
    sit.say()
        .warning(
            sit.service(), Reason.ServiceFailed, r.message() + "; only disable is allowed now");
    return Hop.NONE;
  }
}
