package dev.rgmanager.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonProperty;

/** What follows a stop: a final state, or a start (on the transition's thenNode). */
public enum AfterStop {
  @JsonProperty("stopped")
  STOPPED,
  @JsonProperty("disabled")
  DISABLED,
  @JsonProperty("failed")
  FAILED,
  @JsonProperty("start")
  START;

  /** The state a stop that ends here settles in; null for a start. */
  public ServiceState state() {
    return switch (this) {
      case STOPPED -> ServiceState.STOPPED;
      case DISABLED -> ServiceState.DISABLED;
      case FAILED -> ServiceState.FAILED;
      case START -> null;
    };
  }

  /** The word for it, as stored and logged. */
  public String word() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
