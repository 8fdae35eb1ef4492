package dev.rgmanager.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonProperty;

/** A service's state as clustat shows it, including the transitions. */
public enum ServiceState {
  @JsonProperty("started")
  STARTED,
  @JsonProperty("stopped")
  STOPPED,
  @JsonProperty("disabled")
  DISABLED,
  @JsonProperty("failed")
  FAILED,
  @JsonProperty("recovering")
  RECOVERING,
  @JsonProperty("starting")
  STARTING,
  @JsonProperty("stopping")
  STOPPING,
  @JsonProperty("migrating")
  MIGRATING
}
