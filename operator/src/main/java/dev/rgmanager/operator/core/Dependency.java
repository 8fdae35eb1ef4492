package dev.rgmanager.operator.core;

/**
 * rgmanager's {@code depend}: a service starts only once its dependency is started, and with {@code
 * depend_mode="hard"} (the default) it does not stay up, nor is it moved or restarted, while its
 * dependency is not running. "Running" is the state started: stopped, disabled, failed, recovering
 * and the transitions (a dependency restarting in place, too) are not.
 */
final class Dependency {
  private Dependency() {}

  /** True when the service has no dependency or its dependency is started. */
  static boolean met(ServiceFacts s, ClusterView view) {
    if (s.depend() == null) {
      return true;
    }
    ServiceFacts dep = view.service(s.depend());
    return dep != null && dep.state() == State.STARTED;
  }

  /** True when a hard dependency is not running: the service must not run, start or move. */
  static boolean holdsDown(ServiceFacts s, ClusterView view) {
    return s.dependMode() == DependMode.HARD && !met(s, view);
  }

  /** The reason given for stopping or refusing the service while {@link #holdsDown} is true. */
  static String notRunning(ServiceFacts s) {
    return "dependency " + s.depend() + " is not running (depend_mode hard)";
  }

  /**
   * An operation that would start the service (enable, relocate, restart) is refused while a hard
   * dependency is not running; a refusal for another reason (frozen, inquorate, the state) stands.
   */
  static Decision gate(Decision d, ServiceFacts s, ClusterView view, Operation op) {
    boolean starts = op == Operation.ENABLE || op == Operation.RELOCATE || op == Operation.RESTART;
    if (starts && !(d instanceof Decision.Refuse) && holdsDown(s, view)) {
      return new Decision.Refuse(op, notRunning(s));
    }
    return d;
  }
}
