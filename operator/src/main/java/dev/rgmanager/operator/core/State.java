package dev.rgmanager.operator.core;

/** Service states (clustat), with the transitions starting, stopping and migrating. */
public enum State {
  STARTED,
  STOPPED,
  DISABLED,
  FAILED,
  RECOVERING,
  STARTING,
  STOPPING,
  MIGRATING
}
