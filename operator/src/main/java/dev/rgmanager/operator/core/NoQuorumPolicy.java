package dev.rgmanager.operator.core;

/** What inquorate clusters do with running services: stop them (rgmanager) or leave them frozen. */
public enum NoQuorumPolicy {
  STOP,
  FREEZE
}
