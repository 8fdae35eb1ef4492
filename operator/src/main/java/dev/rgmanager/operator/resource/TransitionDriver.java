package dev.rgmanager.operator.resource;

import dev.rgmanager.api.v1alpha1.ClusterService;
import dev.rgmanager.api.v1alpha1.ResourceStatus;
import dev.rgmanager.api.v1alpha1.Transition;
import dev.rgmanager.operator.membership.Durations;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * Plans a service's next step towards its transition's goal each time it is called: start the next
 * resource once its parent is started, or stop the next one once its children are gone. Observes
 * from the caches and never waits; the step itself is returned for the caller to take once the
 * status naming it is recorded. A start or stop that overruns its timeout fails.
 */
public class TransitionDriver {
  private static final Logger LOG = Logger.getLogger(TransitionDriver.class);
  private final Actuators actuators;

  public TransitionDriver(Actuators actuators) {
    this.actuators = actuators;
  }

  public DriveResult drive(ClusterService service, Transition transition, Instant now) {
    ResourceTree tree = ResourceTree.of(service.getSpec().resourcesOrEmpty());
    Instant since = transition.since() == null ? now : Instant.parse(transition.since());
    String id = service.getMetadata().getNamespace() + "/" + service.getMetadata().getName();
    if (transition.action() == dev.rgmanager.api.v1alpha1.TransitionAction.MIGRATE) {
      return migrate(service, tree, transition, id);
    }
    if (transition.action() == dev.rgmanager.api.v1alpha1.TransitionAction.START) {
      Map<String, Observation> seen = actuators.observe(service, tree, transition.node());
      Map<String, ResourceHealth> health = healthOf(seen);
      TreeStep step = TreePlan.nextStart(tree, health);
      List<ResourceStatus> resources = statuses(tree, seen);
      Runnable action = null;
      switch (step.kind()) {
        case DONE -> {
          return new DriveResult(
              DriveResult.Outcome.STARTED, "started on " + transition.node(), resources);
        }
        case FAILED -> {
          return new DriveResult(
              DriveResult.Outcome.START_FAILED,
              step.reason()
                  + " on "
                  + transition.node()
                  + ": "
                  + seen.get(step.entry().name()).message(),
              resources);
        }
        case START -> {
          resources = marked(resources, step.entry().name(), "starting on " + transition.node());
          action =
              () -> {
                LOG.infof(
                    "service=%s node=%s resource=%s action=start reason=%s",
                    id, transition.node(), step.entry().name(), transition.reason());
                actuators.of(step.entry()).start(service, step.entry(), transition.node());
              };
        }
        default -> {}
      }
      Duration timeout = Durations.parse(service.getSpec().startTimeoutOrDefault());
      if (since.plus(timeout).isBefore(now)) {
        return new DriveResult(
            DriveResult.Outcome.START_FAILED,
            "start on "
                + transition.node()
                + " did not finish within "
                + service.getSpec().startTimeoutOrDefault()
                + " ("
                + step.reason()
                + ")",
            resources);
      }
      return new DriveResult(DriveResult.Outcome.IN_PROGRESS, step.reason(), resources, action);
    }
    Map<String, ResourceHealth> health = actuators.stopHealth(service, tree);
    TreeStep step = TreePlan.nextStop(tree, health);
    List<ResourceStatus> resources = new ArrayList<>();
    for (TreeEntry e : tree.startOrder()) {
      resources.add(
          new ResourceStatus(
              e.name(),
              e.resource().type().name().toLowerCase(),
              health.get(e.name()) == ResourceHealth.STOPPED ? "stopped" : "stopping",
              null));
    }
    if (step.kind() == TreeStep.Kind.DONE) {
      return new DriveResult(DriveResult.Outcome.STOPPED, "stopped", resources);
    }
    Runnable action = null;
    if (step.kind() == TreeStep.Kind.STOP) {
      action =
          () -> {
            LOG.infof(
                "service=%s resource=%s action=stop reason=%s",
                id, step.entry().name(), transition.reason());
            actuators.of(step.entry()).stop(service, step.entry());
          };
    }
    Duration timeout = Durations.parse(service.getSpec().stopTimeoutOrDefault());
    if (since.plus(timeout).isBefore(now)) {
      return new DriveResult(
          DriveResult.Outcome.STOP_FAILED,
          "stop did not finish within "
              + service.getSpec().stopTimeoutOrDefault()
              + " ("
              + step.reason()
              + ")",
          resources);
    }
    return new DriveResult(DriveResult.Outcome.IN_PROGRESS, step.reason(), resources, action);
  }

  /**
   * A VM's migration: KubeVirt bounds it with its own timeouts (a migration that makes no progress
   * fails), so no timeout of the service's applies; the resources keep their started state.
   */
  private DriveResult migrate(ClusterService service, ResourceTree tree, Transition t, String id) {
    VmMigrations.Progress p = actuators.migrate(service, tree, t);
    List<ResourceStatus> resources =
        tree.startOrder().stream()
            .map(
                e ->
                    new ResourceStatus(
                        e.name(),
                        e.resource().type().name().toLowerCase(),
                        "migrating",
                        p.message()))
            .toList();
    return switch (p.kind()) {
      case MIGRATED ->
          new DriveResult(DriveResult.Outcome.MIGRATED, p.message(), resources, p.step());
      case FAILED -> new DriveResult(DriveResult.Outcome.MIGRATION_FAILED, p.message(), resources);
      case IN_PROGRESS ->
          new DriveResult(
              DriveResult.Outcome.IN_PROGRESS,
              p.message(),
              resources,
              p.step() == null
                  ? null
                  : () -> {
                    LOG.infof(
                        "service=%s node=%s action=migrate reason=%s", id, t.node(), t.reason());
                    p.step().run();
                  });
    };
  }

  /** The resources as recorded before a step: the one about to be started shown as starting. */
  private static List<ResourceStatus> marked(
      List<ResourceStatus> resources, String name, String message) {
    return resources.stream()
        .map(
            r ->
                r.name().equals(name)
                    ? new ResourceStatus(
                        r.name(), r.type(), ResourceHealth.STARTING.word(), message)
                    : r)
        .toList();
  }

  /** Observes a started tree for the status check: the first unhealthy resource, or null. */
  public DriveResult check(ClusterService service, String node) {
    ResourceTree tree = ResourceTree.of(service.getSpec().resourcesOrEmpty());
    Map<String, Observation> seen = actuators.observe(service, tree, node);
    String bad = TreePlan.firstUnhealthy(tree, healthOf(seen));
    List<ResourceStatus> resources = statuses(tree, seen);
    return bad == null
        ? new DriveResult(DriveResult.Outcome.STARTED, "all resources healthy", resources)
        : new DriveResult(
            DriveResult.Outcome.START_FAILED, bad + ": " + seen.get(bad).message(), resources);
  }

  private static Map<String, ResourceHealth> healthOf(Map<String, Observation> seen) {
    Map<String, ResourceHealth> out = new java.util.LinkedHashMap<>();
    seen.forEach((k, v) -> out.put(k, v.health()));
    return out;
  }

  private static List<ResourceStatus> statuses(ResourceTree tree, Map<String, Observation> seen) {
    List<ResourceStatus> out = new ArrayList<>();
    for (TreeEntry e : tree.startOrder()) {
      Observation o = seen.get(e.name());
      out.add(
          new ResourceStatus(
              e.name(), e.resource().type().name().toLowerCase(), o.health().word(), o.message()));
    }
    return out;
  }
}
