package dev.rgmanager.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.List;

/** One cluster member (cluster.conf clusternode): its votes and its ordered fence methods. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ClusterNode(
    @Required
        @Pattern(ApiConstants.NAME_PATTERN)
        @ValidationRule(
            value = AdmissionRules.LABEL_VALUE_LENGTH,
            message = AdmissionRules.NODE_NAME_MESSAGE)
        @JsonPropertyDescription("The Kubernetes node name (at most 63 characters).")
        String name,
    @JsonPropertyDescription("Votes this member contributes to quorum (cman votes). Default 1.")
        @Default("" + Defaults.NODE_VOTES)
        @Min(0)
        @Max(255)
        Integer votes,
    @JsonPropertyDescription(
            "Fence methods tried in order; a method succeeds when every one of its devices"
                + " succeeds. When all fail the cascade starts again from the first, with backoff.")
        @Size(max = 8)
        List<FenceMethod> fenceMethods) {

  public int votesOrDefault() {
    return votes == null ? Defaults.NODE_VOTES : votes;
  }

  public List<FenceMethod> fenceMethodsOrEmpty() {
    return fenceMethods == null ? List.of() : fenceMethods;
  }
}
