package dev.rgmanager.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonProperty;

/** What a service does when the service it depends on stops (rgmanager depend_mode=). */
public enum DependMode {
  /** Stopped with its dependency, and started again once the dependency runs. */
  @JsonProperty("hard")
  HARD,
  /**
   * The dependency gates only its start: once running, it is left alone when the dependency stops.
   */
  @JsonProperty("soft")
  SOFT
}
