package dev.rgmanager.operator.resource;

import dev.rgmanager.api.v1alpha1.ResourceStatus;
import java.util.List;

/** What one drive of a transition achieved, with every resource's observed state. */
public record DriveResult(Outcome outcome, String message, List<ResourceStatus> resources) {
  /** Where the transition stands after this drive. */
  public enum Outcome {
    IN_PROGRESS,
    STARTED,
    START_FAILED,
    STOPPED,
    STOP_FAILED
  }
}
