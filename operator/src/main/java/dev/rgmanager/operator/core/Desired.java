package dev.rgmanager.operator.core;

/** The administrator's intent: enabled, disabled or stopped. */
public enum Desired {
  ENABLED,
  DISABLED,
  STOPPED
}
