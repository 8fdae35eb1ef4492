package dev.rgmanager.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** The acknowledgement of a one-shot operation request (relocate, restart, migrate). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record OperationResult(
    @JsonPropertyDescription("The id of the request, copied from the request annotation.")
        String id,
    @JsonPropertyDescription("relocate, restart or migrate.") String operation,
    @JsonPropertyDescription("Target node requested, if any.") String node,
    @JsonPropertyDescription("Pending, Succeeded, Failed or Refused.") String result,
    @JsonPropertyDescription("What happened, or why it was refused (state, quorum, domain).")
        String message,
    @JsonPropertyDescription("When the result was recorded (RFC 3339).") String time) {}
