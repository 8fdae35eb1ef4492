package dev.rgmanager.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.List;

/** Observed service state: clustat's service line plus what recovery needs to survive a restart. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ClusterServiceStatus(
    @JsonPropertyDescription("The metadata.generation this status was computed from.")
        Long observedGeneration,
    @JsonPropertyDescription(
            "started, stopped, disabled, failed or recovering; starting, stopping or migrating"
                + " while in transition.")
        ServiceState state,
    @JsonPropertyDescription("The node the service runs on (or is being started on).") String owner,
    @JsonPropertyDescription("The node the service ran on before its owner was lost or left.")
        String lastOwner,
    @JsonPropertyDescription("When the state last changed (RFC 3339).") String lastTransitionTime,
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
        @JsonPropertyDescription(
            "The restart window: times (RFC 3339) of restarts still remembered under"
                + " restartExpireTime.")
        List<String> restarts,
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
        @JsonPropertyDescription("State of each resource of the tree.")
        List<ResourceStatus> resources,
    @JsonPropertyDescription("The transition in progress, if any.") Transition transition,
    @JsonPropertyDescription("The last one-shot operation request and its result.")
        OperationResult lastOperation,
    @JsonPropertyDescription("Why the service is in its state, in words.") String message,
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
        @JsonPropertyDescription(
            "Conditions: Ready, Valid, WaitingForFencing, HeldDisabled, CannotMove, Frozen,"
                + " MigrationFailed, RunningInTwoPlaces.")
        List<Condition> conditions,
    @JsonPropertyDescription(
            "For a VM service: the node its last migration failed to reach (no automatic failback"
                + " by migration is tried there again); cleared by the next migration or start"
                + " that succeeds.")
        String migrationFailedTo) {
  /** Lists the API's JSON leaves out read as empty: a status's lists are never null. */
  public ClusterServiceStatus {
    restarts = restarts == null ? List.of() : restarts;
    resources = resources == null ? List.of() : resources;
    conditions = conditions == null ? List.of() : conditions;
  }

  /** Nothing recorded yet: the status of an object its reconciler has not written. */
  public static ClusterServiceStatus empty() {
    return new ClusterServiceStatus(
        null, null, null, null, null, null, null, null, null, null, null, null);
  }

  /** The same as {@link #restarts()}, never null. */
  public List<String> restartsOrEmpty() {
    return restarts;
  }

  /** The same as {@link #resources()}, never null. */
  public List<ResourceStatus> resourcesOrEmpty() {
    return resources;
  }

  /** The same as {@link #conditions()}, never null. */
  public List<Condition> conditionsOrEmpty() {
    return conditions;
  }
}
