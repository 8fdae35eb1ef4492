package dev.rgmanager.operator.core;

import dev.rgmanager.operator.core.Decision.Refuse;
import dev.rgmanager.operator.core.Decision.Stop;
import java.util.Optional;
import java.util.Set;

/**
 * The administrator's one-shot operations (clusvcadm -e, -r, -R, -M): which are allowed in which
 * state, and what each asks of the service. A named node that cannot be honoured is said so.
 */
final class OperationRules {
  private OperationRules() {}

  static Decision decide(ServiceFacts s, ClusterView view, Trigger t) {
    Operation op = t.operation();
    if (s.frozen() && op != Operation.FREEZE && op != Operation.UNFREEZE) {
      return new Refuse(op, s.id() + " is frozen: unfreeze it first");
    }
    if (!view.quorate()) {
      return new Refuse(op, "the cluster is inquorate");
    }
    if (!op.allowedIn(s.state())) {
      return new Refuse(
          op,
          op.word()
              + " is not allowed while "
              + s.id()
              + " is "
              + (s.state() == null
                  ? "not yet evaluated"
                  : s.state().name().toLowerCase(java.util.Locale.ROOT))
              + (s.state() == State.FAILED ? "; only disable is" : ""));
    }
    if (op == Operation.RELOCATE || op == Operation.RESTART || op == Operation.MIGRATE) {
      // A VM seen running twice: which copy is right is the administrator's call, and a move or a
      // restart would only add to it.
      if (VmTracking.decide(s, view) instanceof Decision.TwoCopies two) {
        return new Refuse(op, two.reason());
      }
    }
    if (t.node() != null && !view.online(t.node())) {
      return new Refuse(op, t.node() + " is not an online member");
    }
    if ((op == Operation.ENABLE || op == Operation.RELOCATE)
        && s.domain() != null
        && s.domain().missing()) {
      return new Refuse(op, s.domain().missingMessage());
    }
    return switch (op) {
      case RESTART ->
          new Stop(null, s.owner(), false, false, "restart requested by the administrator");
      case MIGRATE -> migrate(s, view, t.node());
      case RELOCATE -> relocate(s, view, t.node());
      case ENABLE -> enable(s, view, t.node());
      default -> new Refuse(op, op.word() + " is a field of the resource, not a request");
    };
  }

  /**
   * Relocate, to the node named or else the best other legal one. A named node that cannot be
   * honoured (it already runs the service, or cannot run it) is refused with the reason: moving the
   * service somewhere else than asked would answer a question nobody asked.
   */
  private static Decision relocate(ServiceFacts s, ClusterView view, String preferred) {
    if (preferred != null) {
      if (preferred.equals(s.owner())) {
        return new Refuse(Operation.RELOCATE, s.id() + " already runs on " + preferred);
      }
      String why = Placement.whyIllegal(s, preferred, view);
      if (why != null) {
        return new Refuse(Operation.RELOCATE, preferred + " cannot run " + s.id() + ": " + why);
      }
      return new Stop(
          null,
          preferred,
          false,
          false,
          "relocate to " + preferred + " requested by the administrator");
    }
    Optional<String> target = Placement.bestTarget(s, view, Set.of(s.owner()));
    return target
        .<Decision>map(
            n ->
                new Stop(
                    null,
                    n,
                    false,
                    false,
                    "relocate requested by the administrator: moving to " + n))
        .orElseGet(() -> new Refuse(Operation.RELOCATE, "no other legal node can run " + s.id()));
  }

  /**
   * Migrate (clusvcadm -M), to the node named or else the best other legal one: only a VM that is
   * the whole service migrates (seed: a VM inside a larger tree cannot); a named node that cannot
   * be honoured is refused with the reason, as for relocate.
   */
  private static Decision migrate(ServiceFacts s, ClusterView view, String preferred) {
    if (!s.migratable()) {
      return new Refuse(
          Operation.MIGRATE,
          s.vm()
              ? s.id()
                  + " has its VM inside a larger tree, which cannot migrate: relocate it (stop,"
                  + " then start)"
              : "migrate is only for VM services: relocate " + s.id() + " instead");
    }
    if (preferred != null) {
      if (preferred.equals(s.owner())) {
        return new Refuse(Operation.MIGRATE, s.id() + " already runs on " + preferred);
      }
      String why = Placement.whyIllegal(s, preferred, view);
      if (why != null) {
        return new Refuse(Operation.MIGRATE, preferred + " cannot run " + s.id() + ": " + why);
      }
      return new Decision.Migrate(
          preferred, "migrate to " + preferred + " requested by the administrator");
    }
    return Placement.bestTarget(s, view, Set.of(s.owner()))
        .<Decision>map(
            n ->
                new Decision.Migrate(
                    n, "migrate requested by the administrator: migrating to " + n))
        .orElseGet(() -> new Refuse(Operation.MIGRATE, "no other legal node can run " + s.id()));
  }

  /**
   * Enable, on the node named or the best one; a VM already running somewhere is adopted where it
   * runs instead (seed: VM tracking), and an enable naming another node is refused saying where.
   */
  private static Decision enable(ServiceFacts s, ClusterView view, String preferred) {
    if (s.vm() && s.vmUnusable() != null) {
      return new Refuse(Operation.ENABLE, s.vmUnusable());
    }
    Decision tracked = VmTracking.decide(s.withIntent(Desired.ENABLED, false), view);
    if (tracked instanceof Decision.Adopt a && preferred != null && !preferred.equals(a.node())) {
      return new Refuse(
          Operation.ENABLE,
          "the VM of "
              + s.id()
              + " already runs on "
              + a.node()
              + ": enable it without a node to adopt it there, then migrate it");
    }
    if (tracked instanceof Decision.Adopt) {
      return tracked;
    }
    if (tracked != null) {
      // Two copies, or one on a member that may still run it: nothing may start anywhere.
      return new Refuse(Operation.ENABLE, tracked.reason());
    }
    if (preferred != null && Placement.legalScore(s, preferred, view).legal()) {
      return ServiceEngine.guardedStart(
          s, view, preferred, false, "enabled on " + preferred + " by the administrator");
    }
    if (preferred != null) {
      return new Refuse(
          Operation.ENABLE,
          preferred + " cannot run " + s.id() + ": " + Placement.whyIllegal(s, preferred, view));
    }
    return ServiceEngine.place(s, view, Set.of(), "enabled by the administrator", false);
  }
}
