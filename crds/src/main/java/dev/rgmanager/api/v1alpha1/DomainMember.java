package dev.rgmanager.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.ValidationRule;

/** A failover domain member (failoverdomainnode) and its priority. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DomainMember(
    @Required
        @Pattern(ApiConstants.NAME_PATTERN)
        @ValidationRule(
            value = AdmissionRules.LABEL_VALUE_LENGTH,
            message = AdmissionRules.NODE_NAME_MESSAGE)
        @JsonPropertyDescription("The node name (at most 63 characters).")
        String node,
    @JsonPropertyDescription(
            "Priority 1..100; 1 is most preferred. Used by ordered domains. Default 1.")
        @Default("" + Defaults.MEMBER_PRIORITY)
        @Min(1)
        @Max(100)
        Integer priority) {

  public int priorityOrDefault() {
    return priority == null ? Defaults.MEMBER_PRIORITY : priority;
  }
}
