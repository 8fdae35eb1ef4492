package dev.rgmanager.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** One member as observed: online or not, its votes, and the outcome of fencing it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record MemberStatus(
    @JsonPropertyDescription("The node name.") String name,
    @JsonPropertyDescription("online, offline, fencing or fenced.") MemberState state,
    @JsonPropertyDescription("Votes this member has.") Integer votes,
    @JsonPropertyDescription("Renew time of the node's heartbeat Lease last seen (RFC 3339).")
        String lastHeartbeat,
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
        String message) {}
