package dev.rgmanager.operator.resource;

import dev.rgmanager.api.v1alpha1.ResourceStatus;
import java.util.List;

/**
 * Where a transition stands, with every resource's observed state, and the next step to take (or
 * null). The step is not taken yet: the caller records the status that names it first, so that a
 * leader that dies after recording it leaves its successor the same step to take, never an action
 * that no status names.
 */
public record DriveResult(
    Outcome outcome, String message, List<ResourceStatus> resources, Runnable step) {
  public DriveResult(Outcome outcome, String message, List<ResourceStatus> resources) {
    this(outcome, message, resources, null);
  }

  /** Where the transition stands after this drive. */
  public enum Outcome {
    IN_PROGRESS,
    STARTED,
    START_FAILED,
    STOPPED,
    STOP_FAILED,
    /** The VM runs on the migration's target. */
    MIGRATED,
    /** The migration failed; the VM stays where it was. */
    MIGRATION_FAILED
  }
}
