package dev.rgmanager.operator.core;

/** Recovery policy when a status check fails on the owner. */
public enum Recovery {
  RESTART,
  RELOCATE,
  DISABLE,
  RESTART_DISABLE
}
