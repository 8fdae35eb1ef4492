package dev.rgmanager.operator.reconciler.service;

import dev.rgmanager.api.v1alpha1.ClusterService;
import dev.rgmanager.operator.core.ClusterView;
import dev.rgmanager.operator.core.ServiceFacts;
import dev.rgmanager.operator.core.VmStanding;
import dev.rgmanager.operator.reconciler.ClusterFacts;
import java.time.Instant;
import java.util.Set;

/**
 * One reconcile's inputs: the service, the cluster as read, the status being drafted, now, and the
 * nodes the service's VM is seen running on (empty when none, or no VM).
 */
record Situation(
    ClusterService service,
    ClusterFacts facts,
    ClusterView view,
    StatusDraft draft,
    Announcements say,
    Instant now,
    Set<String> vmSeenOn,
    String vmUnusable) {

  /** The service as the core sees it, with the status drafted so far. */
  ServiceFacts core() {
    return CoreMapping.service(service, facts.domains())
        .withStatus(
            EnumMapping.toCore(draft.state()),
            draft.owner(),
            draft.lastOwner(),
            draft.restartInstants())
        .withVm(new VmStanding(vmSeenOn, draft.migrationFailedTo(), vmUnusable))
        .withHeading(CoreMapping.heading(draft.transition()));
  }

  /** The same inputs over {@code v}, the view read once the service may decide. */
  Situation withView(ClusterView v) {
    return new Situation(service, facts, v, draft, say, now, vmSeenOn, vmUnusable);
  }

  String id() {
    return CoreMapping.id(service);
  }
}
