package dev.rgmanager.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonAlias;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/**
 * One member as observed: online or not, its votes, the outcome of fencing it, whether it is
 * unclean, and whether it is in standby.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record MemberStatus(
    @JsonPropertyDescription("The node name.") String name,
    @JsonPropertyDescription("online, offline, fencing or fenced.") MemberState state,
    @JsonPropertyDescription("Votes this member has.") Integer votes,
    @JsonPropertyDescription(
            "The node's heartbeat (when the operator saw its Lease renewed, RFC 3339) as it was"
                + " when the member's state last changed. It is not updated at each renewal, so it"
                + " does not say how recently the node was seen; for a lost member whose node has"
                + " stayed silent it is its last heartbeat before it was lost.")
        @JsonAlias("lastHeartbeat")
        String heartbeatAtTransition,
    @JsonPropertyDescription("When the state last changed (RFC 3339).") String lastTransitionTime,
    @JsonPropertyDescription(
            "When the node was last fenced or acknowledged off (RFC 3339); cleared when it rejoins.")
        String fencedAt,
    @JsonPropertyDescription(
            "How it was fenced: the method name, or manual for an acknowledgement.")
        String fencedBy,
    @JsonPropertyDescription("Fence rounds attempted in the current fencing of this node.")
        Integer fenceAttempts,
    @JsonPropertyDescription("Human-readable detail, for example why fencing failed.")
        String message,
    @JsonPropertyDescription(
            "True while the member is unclean: it was lost while the cluster was quorate (or its"
                + " fencing began) and is not yet fenced or acknowledged. An unclean member stays"
                + " out of the cluster even when its heartbeat returns, and its services start"
                + " nowhere else, until it is fenced or acknowledged.")
        Boolean unclean,
    @JsonPropertyDescription(
            "True while the member is in standby: its node is cordoned (spec.unschedulable, as"
                + " kubectl cordon and kubectl drain set it). A member in standby is online and"
                + " votes, but no service starts or fails back there, and the services it runs"
                + " move to the next legal member of their domain; a service that no other"
                + " member can run stays. Uncordon the node to end it.")
        Boolean standby) {

  /** A member as before standby existed: not in standby. */
  public MemberStatus(
      String name,
      MemberState state,
      Integer votes,
      String heartbeatAtTransition,
      String lastTransitionTime,
      String fencedAt,
      String fencedBy,
      Integer fenceAttempts,
      String message,
      Boolean unclean) {
    this(
        name,
        state,
        votes,
        heartbeatAtTransition,
        lastTransitionTime,
        fencedAt,
        fencedBy,
        fenceAttempts,
        message,
        unclean,
        null);
  }

  /** True while the member is in standby (its node cordoned). */
  public boolean standbyOrDefault() {
    return Boolean.TRUE.equals(standby);
  }

  /** True while the member is unclean (lost and not yet fenced or acknowledged). */
  public boolean uncleanOrDefault() {
    return Boolean.TRUE.equals(unclean);
  }
}
