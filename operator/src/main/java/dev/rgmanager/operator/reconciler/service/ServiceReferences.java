package dev.rgmanager.operator.reconciler.service;

import dev.rgmanager.api.v1alpha1.ClusterService;
import dev.rgmanager.operator.core.ClusterView;
import dev.rgmanager.operator.reconciler.ClusterFacts;
import dev.rgmanager.operator.resource.ResourceTree;
import dev.rgmanager.operator.resource.TreeEntry;
import dev.rgmanager.operator.resource.VmObjects;
import dev.rgmanager.operator.resource.VmTemplates;

/**
 * Whether the objects a service names exist: its FailoverDomain, the service it depends on, and the
 * VirtualMachines of its vm resources (usable as templates, KubeVirt served). A missing one is
 * reported as {@code Valid=False} naming it and the field to fix (the service waits meanwhile: it
 * starts nowhere, and an enable is refused with the same words).
 */
final class ServiceReferences {
  /** A reference that does not resolve: the condition's reason, and the message. */
  record Problem(String reason, String message) {}

  private ServiceReferences() {}

  /** The first reference of {@code s} that does not resolve, or null. */
  static Problem check(ClusterService s, ClusterFacts facts, ClusterView view, String vmProblem) {
    String ns = s.getMetadata().getNamespace();
    var spec = s.getSpec();
    if (spec.domain() != null && !facts.domains().containsKey(ns + "/" + spec.domain())) {
      return new Problem(
          "DomainNotFound",
          "failover domain "
              + spec.domain()
              + " does not exist in namespace "
              + ns
              + ": create it or fix spec.domain");
    }
    if (spec.depend() != null && view.service(ns + "/" + spec.depend()) == null) {
      return new Problem(
          "DependencyNotFound",
          "service "
              + spec.depend()
              + " (spec.depend) does not exist in namespace "
              + ns
              + ": create it or fix spec.depend");
    }
    return vmProblem == null ? null : new Problem("VirtualMachineUnusable", vmProblem);
  }

  /** Why a vm resource of {@code s} cannot be started (see {@link VmTemplates}), or null. */
  static String vmProblem(ClusterService s, VmObjects vms) {
    for (TreeEntry e : ResourceTree.of(s.getSpec().resourcesOrEmpty()).startOrder()) {
      if (e.resource().vm() != null) {
        String problem =
            VmTemplates.problem(vms, s.getMetadata().getNamespace(), e.resource().vm().name());
        if (problem != null) {
          return problem;
        }
      }
    }
    return null;
  }

  /** Records the check as the Valid condition; a newly found problem is also a Warning Event. */
  static void record(Situation sit) {
    Problem p = check(sit.service(), sit.facts(), sit.view(), sit.vmUnusable());
    StatusDraft draft = sit.draft();
    if (p == null) {
      draft.condition(StatusDraft.VALID, true, "ReferencesFound", "every object it names exists");
      return;
    }
    if (!draft.hadCondition(StatusDraft.VALID, false, p.message())) {
      sit.say()
          .warning(sit.service(), dev.rgmanager.operator.events.Reason.InvalidSpec, p.message());
      DecisionLog.info(sit.service(), null, "invalid", p.message());
    }
    draft.condition(StatusDraft.VALID, false, p.reason(), p.message());
  }
}
