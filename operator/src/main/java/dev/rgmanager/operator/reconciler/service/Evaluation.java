package dev.rgmanager.operator.reconciler.service;

import dev.rgmanager.api.v1alpha1.ClusterService;
import dev.rgmanager.api.v1alpha1.ServiceState;
import dev.rgmanager.operator.core.Operation;
import dev.rgmanager.operator.core.Trigger;
import dev.rgmanager.operator.events.Reason;
import dev.rgmanager.operator.reconciler.NodeReadiness;
import dev.rgmanager.operator.resource.DriveResult;
import dev.rgmanager.operator.resource.ObjectCache;
import dev.rgmanager.operator.resource.TransitionDriver;
import java.util.Locale;
import java.util.Optional;

/**
 * What the core is asked about a service with no transition in progress: a pending operation
 * request, a status check that failed, or a plain evaluation.
 */
final class Evaluation {
  private final TransitionDriver driver;
  private final ObjectCache objects;

  Evaluation(TransitionDriver driver, ObjectCache objects) {
    this.driver = driver;
    this.objects = objects;
  }

  /** The trigger to decide on, or empty when there is nothing to decide (a malformed request). */
  Optional<Trigger> trigger(Situation sit) {
    ClusterService service = sit.service();
    StatusDraft draft = sit.draft();
    Optional<OperationRequest> request = OperationRequest.pending(service);
    if (request.isPresent()) {
      OperationRequest op = request.get();
      if (!op.valid()) {
        draft.operation(op, "Refused", op.error());
        sit.say().warning(service, Reason.OperationRefused, op.error());
        return Optional.empty();
      }
      draft.operation(op, "Pending", "requested");
      return Optional.of(
          Trigger.operation(Operation.valueOf(op.op().toUpperCase(Locale.ROOT)), op.node()));
    }
    if (!sit.vmSeenOn().isEmpty()
        && (draft.owner() == null || !sit.vmSeenOn().equals(java.util.Set.of(draft.owner())))) {
      // The VM runs elsewhere too, or instead: VM tracking decides, not a status check here.
      return Optional.of(Trigger.evaluate());
    }
    if (draft.state() == ServiceState.STARTED
        && sit.view().online(draft.owner())
        && ownerNodeReady(draft.owner())) {
      DriveResult check = driver.check(service, draft.owner());
      draft.resources(check.resources());
      if (check.outcome() != DriveResult.Outcome.STARTED) {
        if (!ownerNodeReadyNow(draft.owner())) {
          DecisionLog.info(
              service,
              draft.owner(),
              "status-check-ignored",
              check.message() + ", but " + draft.owner() + " is not Ready: membership decides");
          return Optional.of(Trigger.evaluate());
        }
        sit.say().warning(service, Reason.StatusCheckFailed, check.message());
        DecisionLog.info(service, draft.owner(), "status-check-failed", check.message());
        return Optional.of(Trigger.statusCheckFailed(check.message()));
      }
    }
    return Optional.of(Trigger.evaluate());
  }

  /**
   * A status check is trusted only while the owner's node reports Ready: a node that stopped
   * reporting is a membership question (fence, then recover), not a reason to restart in place.
   */
  private boolean ownerNodeReady(String owner) {
    return ready(objects.node(owner));
  }

  /**
   * The same, read from the API server before a failed check is acted on: when a node stops, the
   * node lifecycle controller marks it NotReady and then its pods not Ready, and the pod change can
   * reach this reconcile before the node change reaches its cache. Acted on, the node's loss would
   * be taken for the service's own failure (a recovery policy of disable would hold it disabled
   * instead of failing it over). One read per failed check, which is rare.
   */
  private boolean ownerNodeReadyNow(String owner) {
    return ready(objects.nodeNow(owner));
  }

  private static boolean ready(io.fabric8.kubernetes.api.model.Node node) {
    return node != null && NodeReadiness.isReady(node);
  }
}
