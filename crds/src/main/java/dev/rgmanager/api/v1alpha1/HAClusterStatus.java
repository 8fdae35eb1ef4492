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
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
        @JsonPropertyDescription("Every member with its state, votes and fencing.")
        List<MemberStatus> members,
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
        @JsonPropertyDescription("Conditions: Quorate, Ready.")
        List<Condition> conditions,
    @JsonPropertyDescription(
            "spec.expectedVotes when expectedVotes in force was computed; while it is unchanged,"
                + " the expected votes in force never go down (votequorum).")
        Integer configuredExpectedVotes,
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
        @JsonPropertyDescription(
            "Manual fencing acknowledgements as the operator saw them: when it first saw each"
                + " (its own clock), and whether it was applied to a loss, is pending or refused.")
        List<AcknowledgementRecord> acknowledgements) {
  /** Lists the API's JSON leaves out read as empty: a status's lists are never null. */
  public HAClusterStatus {
    members = members == null ? List.of() : members;
    conditions = conditions == null ? List.of() : conditions;
    acknowledgements = acknowledgements == null ? List.of() : acknowledgements;
  }

  /** Nothing recorded yet: the status of an object its reconciler has not written. */
  public static HAClusterStatus empty() {
    return new HAClusterStatus(
        null, null, null, null, null, null, null, null, null, null, null, null);
  }

  /**
   * Whether membership has recorded a quorum line: a new cluster (and one that was not the active
   * cluster) has not, so its first decision announces no change of quorum.
   */
  public boolean quorumRecorded() {
    return quorate != null;
  }

  /** The same as {@link #members()}, never null. */
  public List<MemberStatus> membersOrEmpty() {
    return members;
  }

  /** The same as {@link #acknowledgements()}, never null. */
  public List<AcknowledgementRecord> acknowledgementsOrEmpty() {
    return acknowledgements;
  }

  /** The same as {@link #conditions()}, never null. */
  public List<Condition> conditionsOrEmpty() {
    return conditions;
  }
}
