package dev.rgmanager.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.List;

/** Observed cluster state: the quorum line (clustat's header) and every member. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record HAClusterStatus(
    @JsonPropertyDescription("The metadata.generation this status was computed from.")
        Long observedGeneration,
    @JsonPropertyDescription("True while the online votes reach the quorum.") Boolean quorate,
    @JsonPropertyDescription("Votes currently present (online members plus the quorum device).")
        Integer votes,
    @JsonPropertyDescription("Expected votes in force.") Integer expectedVotes,
    @JsonPropertyDescription("Votes needed for quorum: floor(expectedVotes / 2) + 1.")
        Integer quorumVotes,
    @JsonPropertyDescription("Votes the quorum device contributes now (0 when its Lease is stale).")
        Integer quorumDeviceVotes,
    @JsonPropertyDescription("Number of members online.") Integer onlineMembers,
    @JsonPropertyDescription("When quorum was last gained or lost (RFC 3339).")
        String quorumTransitionTime,
    @JsonPropertyDescription("Every member with its state, votes and fencing.")
        List<MemberStatus> members,
    @JsonPropertyDescription("Conditions: Quorate, Ready.") List<Condition> conditions,
    @JsonPropertyDescription(
            "spec.expectedVotes when expectedVotes in force was computed; while it is unchanged,"
                + " the expected votes in force never go down (votequorum).")
        Integer configuredExpectedVotes,
    @JsonPropertyDescription(
            "Manual fencing acknowledgements as the operator saw them: when it first saw each"
                + " (its own clock), and whether it was applied to a loss, is pending or refused.")
        List<AcknowledgementRecord> acknowledgements) {

  public List<MemberStatus> membersOrEmpty() {
    return members == null ? List.of() : members;
  }

  public List<AcknowledgementRecord> acknowledgementsOrEmpty() {
    return acknowledgements == null ? List.of() : acknowledgements;
  }

  public List<Condition> conditionsOrEmpty() {
    return conditions == null ? List.of() : conditions;
  }
}
