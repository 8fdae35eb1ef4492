package dev.rgmanager.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.ValidationRule;

/** An administrator's manual statement that a node is off (the analog of fence_ack_manual). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record FenceAcknowledgement(
    @Required
        @Pattern(ApiConstants.NAME_PATTERN)
        @ValidationRule(
            value = AdmissionRules.LABEL_VALUE_LENGTH,
            message = AdmissionRules.NODE_NAME_MESSAGE)
        @JsonPropertyDescription("The node acknowledged as powered off or cut from storage.")
        String node,
    @Required @JsonPropertyDescription("When the acknowledgement was given (RFC 3339).")
        String acknowledgedAt,
    @JsonPropertyDescription("Who acknowledged it, for the audit trail.") String acknowledgedBy) {}
