package dev.rgmanager.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.ValidationRule;

/** A quorum device (qdisk analog): extra votes while an arbiter keeps renewing a Lease. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record QuorumDevice(
    @Required
        @Pattern(ApiConstants.NAME_PATTERN)
        @JsonPropertyDescription("Name of the coordination.k8s.io Lease the arbiter renews.")
        String leaseName,
    @Required
        @Pattern(ApiConstants.NAME_PATTERN)
        @JsonPropertyDescription("Namespace of the Lease.")
        String leaseNamespace,
    @JsonPropertyDescription("Votes the device adds while its Lease is fresh. Default 1.")
        @Default("" + Defaults.QUORUM_DEVICE_VOTES)
        @Min(1)
        @Max(255)
        Integer votes,
    @JsonPropertyDescription(
            "How stale the Lease's renewTime may be before the device's votes are withdrawn."
                + " Default: the lease's own leaseDurationSeconds, or the token timeout. At least 2s.")
        @Pattern(ApiConstants.DURATION_PATTERN)
        @ValidationRule(
            value = AdmissionRules.AT_LEAST_2S,
            message =
                "spec.quorumDevice.timeout must be at least 2s: a shorter timeout withdraws the"
                    + " device's votes on a missed renewal")
        String timeout) {

  public int votesOrDefault() {
    return votes == null ? Defaults.QUORUM_DEVICE_VOTES : votes;
  }
}
