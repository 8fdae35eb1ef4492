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
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
        @JsonPropertyDescription("The resolved members (named and selected) and their priorities.")
        List<DomainMember> resolvedMembers,
    @JsonInclude(JsonInclude.Include.NON_EMPTY) @JsonPropertyDescription("Conditions: Ready.")
        List<Condition> conditions) {
  /** Lists the API's JSON leaves out read as empty: a status's lists are never null. */
  public FailoverDomainStatus {
    resolvedMembers = resolvedMembers == null ? List.of() : resolvedMembers;
    conditions = conditions == null ? List.of() : conditions;
  }

  /**
   * Whether the domain's reconciler has resolved its members yet (a domain may resolve to none);
   * until then, resolvedMembers is empty and says nothing.
   */
  public boolean resolved() {
    return observedGeneration != null;
  }

  /** Nothing recorded yet: the status of an object its reconciler has not written. */
  public static FailoverDomainStatus empty() {
    return new FailoverDomainStatus(null, null, null, null);
  }
}
