package dev.rgmanager.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonProperty;

/** What a transition in progress does to the resource tree. */
public enum TransitionAction {
  @JsonProperty("start")
  START,
  @JsonProperty("stop")
  STOP,
  /** A VM's live (or pause) migration to {@code node}; the service stays up throughout. */
  @JsonProperty("migrate")
  MIGRATE
}
