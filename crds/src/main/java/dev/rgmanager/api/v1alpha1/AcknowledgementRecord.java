package dev.rgmanager.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/**
 * One manual fencing acknowledgement as the operator saw it: stamped with the operator's own clock
 * when first seen, applied to at most one loss of its node.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AcknowledgementRecord(
    @JsonPropertyDescription("The node acknowledged.") String node,
    @JsonPropertyDescription("acknowledgedAt as written in spec.fenceAcknowledgements.")
        String acknowledgedAt,
    @JsonPropertyDescription("When the operator first saw it (RFC 3339, the operator's clock).")
        String seenAt,
    @JsonPropertyDescription(
            "pending (waits for a loss it may apply to), applied (used for one loss, never again)"
                + " or refused (see message).")
        Outcome outcome,
    @JsonPropertyDescription("Why it was refused, or which loss it was applied to.")
        String message) {

  /** What became of an acknowledgement. */
  public enum Outcome {
    @JsonProperty("pending")
    PENDING,
    @JsonProperty("applied")
    APPLIED,
    @JsonProperty("refused")
    REFUSED
  }
}
