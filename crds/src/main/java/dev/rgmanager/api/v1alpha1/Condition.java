package dev.rgmanager.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** A status condition in the Kubernetes convention (type, status, reason, message). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Condition(
    @JsonPropertyDescription("Condition type, for example Ready, Quorate or Fenced.") String type,
    @JsonPropertyDescription("True, False or Unknown.") String status,
    @JsonPropertyDescription("A PascalCase word naming why the condition is in its status.")
        String reason,
    @JsonPropertyDescription(
            "A human-readable explanation; for an error it names the field and the fix.")
        String message,
    @JsonPropertyDescription("The metadata.generation this condition was computed from.")
        Long observedGeneration,
    @JsonPropertyDescription("When the status last changed (RFC 3339).")
        String lastTransitionTime) {}
