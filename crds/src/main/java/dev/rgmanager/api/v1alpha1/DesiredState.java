package dev.rgmanager.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonProperty;

/** The administrator's intent for a service (clusvcadm -e / -d / -s). */
public enum DesiredState {
  @JsonProperty("enabled")
  ENABLED,
  @JsonProperty("disabled")
  DISABLED,
  @JsonProperty("stopped")
  STOPPED
}
