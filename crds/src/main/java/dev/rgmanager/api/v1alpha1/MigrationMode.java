package dev.rgmanager.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonProperty;

/** How a VM resource migrates (rgmanager vm migrate=). */
public enum MigrationMode {
  @JsonProperty("live")
  LIVE,
  @JsonProperty("pause")
  PAUSE
}
