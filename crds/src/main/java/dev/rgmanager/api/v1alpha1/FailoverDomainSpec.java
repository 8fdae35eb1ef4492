package dev.rgmanager.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.List;
import java.util.Map;

/** Desired failover domain (cluster.conf failoverdomain). */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = "(has(self.members) && size(self.members) > 0) || has(self.nodeSelector)",
    message = "spec: name the domain's nodes in spec.members or select them with spec.nodeSelector")
@ValidationRule(
    value = "!has(self.selectorPriority) || has(self.nodeSelector)",
    message = "spec.selectorPriority needs spec.nodeSelector",
    fieldPath = ".selectorPriority")
public record FailoverDomainSpec(
    @JsonPropertyDescription(
            "Ordered: members are preferred by priority (1 is most preferred). Unordered: any"
                + " member is as good as another. Default false.")
        @Default("" + Defaults.ORDERED)
        Boolean ordered,
    @JsonPropertyDescription(
            "Restricted: services run only on members; with no member online they stay stopped."
                + " Unrestricted: they may run elsewhere when no member is online. Default false.")
        @Default("" + Defaults.RESTRICTED)
        Boolean restricted,
    @JsonPropertyDescription(
            "No failback: a service does not move back to a more preferred member when it joins."
                + " Only meaningful for ordered domains. Default false.")
        @Default("" + Defaults.NOFAILBACK)
        Boolean nofailback,
    @JsonPropertyDescription("Members named one by one with their priority.") @Size(max = 1000)
        List<DomainMember> members,
    @JsonPropertyDescription("Label selector (matchLabels) adding every matching node as a member.")
        Map<String, String> nodeSelector,
    @JsonPropertyDescription(
            "Priority of members chosen by nodeSelector (1..100). Default 100, the least preferred.")
        @Min(1)
        @Max(100)
        Integer selectorPriority) {

  public boolean orderedOrDefault() {
    return ordered == null ? Defaults.ORDERED : ordered;
  }

  public boolean restrictedOrDefault() {
    return restricted == null ? Defaults.RESTRICTED : restricted;
  }

  public boolean nofailbackOrDefault() {
    return nofailback == null ? Defaults.NOFAILBACK : nofailback;
  }

  public List<DomainMember> membersOrEmpty() {
    return members == null ? List.of() : members;
  }

  public int selectorPriorityOrDefault() {
    return selectorPriority == null ? Defaults.SELECTOR_PRIORITY : selectorPriority;
  }
}
