package dev.rgmanager.operator.core;

/** What a service does when the service it depends on stops (rgmanager depend_mode). */
public enum DependMode {
  /** Stopped too; it starts again once the dependency is started. */
  HARD,
  /** Left running: the dependency gates its start only. */
  SOFT
}
