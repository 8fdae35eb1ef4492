package dev.rgmanager.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonProperty;

/** What happens to running services while the cluster is inquorate. */
public enum NoQuorumPolicy {
  @JsonProperty("stop")
  STOP,
  @JsonProperty("freeze")
  FREEZE
}
