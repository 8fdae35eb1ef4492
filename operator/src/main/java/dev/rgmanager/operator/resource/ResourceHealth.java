package dev.rgmanager.operator.resource;

/** The state of one resource of a service tree on its node, as its actuator observes it. */
public enum ResourceHealth {
  STOPPED,
  STARTING,
  STARTED,
  STOPPING,
  FAILED;

  /** The lower-case word written to status.resources[].state. */
  public String word() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
