package dev.rgmanager.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonProperty;

/** A member's membership state as clustat shows it. */
public enum MemberState {
  @JsonProperty("online")
  ONLINE,
  @JsonProperty("offline")
  OFFLINE,
  @JsonProperty("fencing")
  FENCING,
  @JsonProperty("fenced")
  FENCED
}
