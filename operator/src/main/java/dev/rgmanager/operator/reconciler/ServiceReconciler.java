package dev.rgmanager.operator.reconciler;

import dev.rgmanager.api.v1alpha1.ClusterService;
import dev.rgmanager.api.v1alpha1.ClusterServiceStatus;
import dev.rgmanager.api.v1alpha1.Condition;
import dev.rgmanager.operator.status.Conditions;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import java.time.Clock;
import java.util.List;
import org.jboss.logging.Logger;

/** Observes ClusterServices and reports whether their configuration is usable. */
@ControllerConfiguration(name = "clusterservice")
public class ServiceReconciler implements Reconciler<ClusterService> {
  private static final Logger LOG = Logger.getLogger(ServiceReconciler.class);
  private final Clock clock;

  public ServiceReconciler(Clock clock) {
    this.clock = clock;
  }

  @Override
  public UpdateControl<ClusterService> reconcile(
      ClusterService service, Context<ClusterService> ctx) {
    ClusterServiceStatus old = service.getStatus();
    List<Condition> previous = old == null ? List.of() : old.conditionsOrEmpty();
    long generation = service.getMetadata().getGeneration();
    Condition valid =
        Conditions.of(
            "Valid", true, "Accepted", "The service passed admission and is observed.", generation);
    List<Condition> conditions = Conditions.merge(previous, List.of(valid), clock);
    ClusterServiceStatus next =
        old == null
            ? new ClusterServiceStatus(
                generation, null, null, null, null, null, null, null, null, null, conditions)
            : new ClusterServiceStatus(
                generation,
                old.state(),
                old.owner(),
                old.lastOwner(),
                old.lastTransitionTime(),
                old.restarts(),
                old.resources(),
                old.transition(),
                old.lastOperation(),
                old.message(),
                conditions);
    if (next.equals(old)) {
      return UpdateControl.noUpdate();
    }
    LOG.infof(
        "service=%s/%s observed generation=%d",
        service.getMetadata().getNamespace(), service.getMetadata().getName(), generation);
    service.setStatus(next);
    return UpdateControl.patchStatus(service);
  }
}
