package dev.rgmanager.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonProperty;

/** What happens when a service's status check fails on its owner. */
public enum RecoveryPolicy {
  /** Restart in place; if restarting fails, relocate. */
  @JsonProperty("restart")
  RESTART,
  /** Start on another node; if none can start it, stopped. */
  @JsonProperty("relocate")
  RELOCATE,
  /** Go to disabled. */
  @JsonProperty("disable")
  DISABLE,
  /** Restart in place; if that fails, disabled. */
  @JsonProperty("restart-disable")
  RESTART_DISABLE
}
