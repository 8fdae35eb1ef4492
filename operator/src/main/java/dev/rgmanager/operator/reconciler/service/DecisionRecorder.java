package dev.rgmanager.operator.reconciler.service;

import dev.rgmanager.api.v1alpha1.AfterStop;
import dev.rgmanager.api.v1alpha1.ClusterService;
import dev.rgmanager.api.v1alpha1.MemberStatus;
import dev.rgmanager.api.v1alpha1.ServiceState;
import dev.rgmanager.operator.core.Decision;
import dev.rgmanager.operator.core.DisableHold;
import dev.rgmanager.operator.core.ServiceFacts;
import dev.rgmanager.operator.core.State;
import dev.rgmanager.operator.events.Reason;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

/**
 * Records what the core decided in the status draft, with its Event and log line: one handler per
 * kind of decision. Nothing is done to the resource tree here; a start or stop becomes a recorded
 * transition that {@link TransitionStepper} carries out.
 */
final class DecisionRecorder {
  private DecisionRecorder() {}

  static void record(Situation sit, Decision d) {
    ServiceFacts before = sit.core();
    sit.draft().pruneRestarts(before.restartExpire());
    boolean held = DisableHold.after(before, d);
    if (held
        || before.heldDisabled()
        || d instanceof Decision.Start
        || d instanceof Decision.Adopt) {
      sit.draft().held(held, d.reason());
    }
    // Waiting for fencing lasts exactly as long as the core says so; a refused operation changes
    // nothing about the service.
    if (!(d instanceof Decision.AwaitFencing) && !(d instanceof Decision.Refuse)) {
      sit.draft().waitingForFencing(null);
    }
    if (!(d instanceof Decision.Keep) && !(d instanceof Decision.Refuse)) {
      sit.draft().cannotMove(null);
    }
    if (!(d instanceof Decision.TwoCopies) && !(d instanceof Decision.Refuse)) {
      sit.draft().runningInTwoPlaces(null);
    }
    if (d instanceof Decision.Start s) {
      start(sit, s);
    } else if (d instanceof Decision.Migrate m) {
      migrate(sit, m);
    } else if (d instanceof Decision.Adopt a) {
      adopt(sit, a);
    } else if (d instanceof Decision.TwoCopies two) {
      twoCopies(sit, two);
    } else if (d instanceof Decision.Stop s) {
      stop(sit, s);
    } else if (d instanceof Decision.Mark m) {
      mark(sit, m);
    } else if (d instanceof Decision.AwaitFencing w) {
      awaitFencing(sit, w);
    } else if (d instanceof Decision.Refuse r) {
      refuse(sit, r);
    } else {
      keep(sit, (Decision.Keep) d);
    }
  }

  private static void start(Situation sit, Decision.Start s) {
    ClusterService service = sit.service();
    StatusDraft draft = sit.draft();
    if (s.restart()) {
      draft.recordRestart(sit.now());
    }
    String old = draft.owner();
    if (old != null && !old.equals(s.node()) && !sit.view().online(old)) {
      sit.say().failover(sinceLost(sit.facts().members().get(old), sit.now()));
      // One Event says both: the service is starting, and it is a recovery from a lost node.
      sit.say()
          .normal(
              service,
              Reason.ServiceRelocated,
              "starting on " + s.node() + " after losing " + old + ": " + s.reason());
    } else {
      sit.say().normal(service, Reason.ServiceStarting, startingMessage(s.node(), s.reason()));
    }
    draft.beginStart(s.node(), s.reason());
    DecisionLog.info(service, s.node(), "start", s.reason());
  }

  /** "starting on node-1: why", without saying the node twice when the reason ends with it. */
  static String startingMessage(String node, String reason) {
    String why = Decision.cause(reason, node);
    return "starting on " + node + (why == null ? "" : ": " + why);
  }

  private static Duration sinceLost(MemberStatus lost, Instant now) {
    return lost == null || lost.lastTransitionTime() == null
        ? Duration.ZERO
        : Duration.between(Instant.parse(lost.lastTransitionTime()), now);
  }

  private static void stop(Situation sit, Decision.Stop s) {
    StatusDraft draft = sit.draft();
    if (s.clearWindow()) {
      draft.clearRestarts();
    }
    if (s.restart()) {
      draft.recordRestart(sit.now());
      sit.say().normal(sit.service(), Reason.ServiceRestarted, s.reason());
    }
    draft.beginStop(afterStop(s.then()), s.thenNode(), s.reason());
    DecisionLog.info(
        sit.service(),
        draft.owner(),
        s.then() == null ? "move-to-" + s.thenNode() : "stop",
        s.reason());
    sit.say().normal(sit.service(), Reason.ServiceStopping, s.reason());
  }

  private static AfterStop afterStop(State then) {
    if (then == null) {
      return AfterStop.START;
    }
    return switch (then) {
      case STOPPED -> AfterStop.STOPPED;
      case DISABLED -> AfterStop.DISABLED;
      case FAILED -> AfterStop.FAILED;
      default -> throw new IllegalArgumentException("a stop cannot end in " + then);
    };
  }

  private static void migrate(Situation sit, Decision.Migrate m) {
    sit.draft().beginMigrate(m.node(), m.reason());
    DecisionLog.info(sit.service(), m.node(), "migrate", m.reason());
    sit.say().normal(sit.service(), Reason.ServiceMigrating, m.reason());
  }

  /** The VM runs where it was found: recorded started there; nothing is started or stopped. */
  private static void adopt(Situation sit, Decision.Adopt a) {
    StatusDraft draft = sit.draft();
    draft.end(ServiceState.STARTED, a.node(), a.reason());
    draft.migrationFailed(null, null);
    draft.operationResult("Succeeded", a.reason());
    DecisionLog.info(sit.service(), a.node(), "adopt", a.reason());
    sit.say().normal(sit.service(), Reason.ServiceAdopted, a.reason());
  }

  /** Said once while it lasts, as a Warning Event and the RunningInTwoPlaces condition. */
  private static void twoCopies(Situation sit, Decision.TwoCopies two) {
    StatusDraft draft = sit.draft();
    if (!draft.hadCondition(StatusDraft.TWO_PLACES, true, two.reason())) {
      sit.say().warning(sit.service(), Reason.RunningInTwoPlaces, two.reason());
      DecisionLog.info(
          sit.service(), String.join(",", two.nodes()), "running-in-two-places", two.reason());
    }
    draft.runningInTwoPlaces(two.reason());
    draft.message(two.reason());
  }

  private static void mark(Situation sit, Decision.Mark m) {
    StatusDraft draft = sit.draft();
    ServiceState target = CoreMapping.state(m.state());
    if (target != draft.state()) {
      draft.end(target, target == ServiceState.STARTED ? draft.owner() : null, m.reason());
      draft.operationResult("Succeeded", m.reason());
      DecisionLog.info(sit.service(), null, target.name().toLowerCase(Locale.ROOT), m.reason());
      sit.say()
          .normal(
              sit.service(),
              target == ServiceState.DISABLED ? Reason.ServiceDisabled : Reason.ServiceStopped,
              m.reason());
    } else {
      draft.message(m.reason());
    }
  }

  private static void awaitFencing(Situation sit, Decision.AwaitFencing w) {
    StatusDraft draft = sit.draft();
    if (draft.state() != ServiceState.RECOVERING) {
      draft.end(ServiceState.RECOVERING, draft.owner(), w.reason());
      sit.say().warning(sit.service(), Reason.WaitingForFencing, w.reason());
      DecisionLog.info(sit.service(), w.node(), "await-fencing", w.reason());
    }
    draft.message(w.reason());
    draft.waitingForFencing(w.reason());
  }

  private static void refuse(Situation sit, Decision.Refuse r) {
    String word = r.operation().word();
    sit.draft().refused(word, r.reason());
    sit.say().warning(sit.service(), Reason.OperationRefused, word + " refused: " + r.reason());
    DecisionLog.info(sit.service(), null, "refuse-" + word, r.reason());
  }

  private static void keep(Situation sit, Decision.Keep k) {
    StatusDraft draft = sit.draft();
    String owner = draft.owner();
    if (draft.state() == ServiceState.STARTED && owner != null && sit.view().standby(owner)) {
      // Said once: what keeps a drain of the owner waiting.
      if (!draft.hadCondition(StatusDraft.CANNOT_MOVE, true, k.reason())) {
        sit.say().warning(sit.service(), Reason.CannotMove, k.reason());
        DecisionLog.info(sit.service(), owner, "stay-in-standby", k.reason());
      }
      draft.cannotMove(k.reason());
    } else {
      DecisionLog.debug(sit.service(), "keep", k.reason());
      draft.cannotMove(null);
    }
    draft.message(k.reason());
  }
}
