package dev.rgmanager.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.List;

/** Observed failover domain state. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record FailoverDomainStatus(
    @JsonPropertyDescription("The metadata.generation this status was computed from.")
        Long observedGeneration,
    @JsonPropertyDescription("Number of domain members online now.") Integer onlineMembers,
    @JsonPropertyDescription("The resolved members (named and selected) and their priorities.")
        List<DomainMember> resolvedMembers,
    @JsonPropertyDescription("Conditions: Ready.") List<Condition> conditions) {}
