package dev.rgmanager.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.List;
import java.util.Map;

/**
 * Desired cluster configuration: cluster.conf's cman, totem, quorumd, fence_daemon and
 * clusternodes.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = "has(self.memberSelector) || (has(self.nodes) && size(self.nodes) > 0)",
    message = "spec: name the members in spec.nodes or select them with spec.memberSelector")
@ValidationRule(
    value =
        "!has(self.twoNode) || !self.twoNode || !has(self.expectedVotes) || self.expectedVotes == 1",
    message = "spec.expectedVotes must be 1 (or unset) when spec.twoNode is true",
    fieldPath = ".expectedVotes")
@ValidationRule(
    value =
        "!has(self.twoNode) || !self.twoNode || has(self.memberSelector) || (has(self.nodes) &&"
            + " size(self.nodes) == 2)",
    message =
        "spec.twoNode needs exactly two members: list two in spec.nodes, or set twoNode to false"
            + " (with spec.memberSelector the count is checked when the cluster runs)",
    fieldPath = ".nodes")
@ValidationRule(
    value = "!has(self.twoNode) || !self.twoNode || !has(self.quorumDevice)",
    message = "spec.quorumDevice cannot be combined with spec.twoNode: use one tie-breaker",
    fieldPath = ".quorumDevice")
public record HAClusterSpec(
    @JsonPropertyDescription(
            "Label selector (matchLabels) choosing the Kubernetes nodes that are cluster members."
                + " Members selected here get 1 vote and no fencing unless also listed in spec.nodes.")
        Map<String, String> memberSelector,
    @JsonPropertyDescription(
            "Members named one by one, like cluster.conf's clusternode entries: votes and fence methods.")
        @Size(max = 1000)
        List<ClusterNode> nodes,
    @JsonPropertyDescription(
            "Expected votes. Default: the sum of all members' votes (plus the quorum device's)."
                + " Quorum is floor(expectedVotes / 2) + 1.")
        @Min(1)
        @Max(100000)
        Integer expectedVotes,
    @JsonPropertyDescription(
            "Two-node mode (cman two_node): exactly two members, expected votes 1, quorate with one"
                + " vote. Relies on fencing to settle a split.")
        @Default("" + Defaults.TWO_NODE)
        Boolean twoNode,
    @JsonPropertyDescription("A quorum device (qdisk analog) backed by a Lease an arbiter renews.")
        QuorumDevice quorumDevice,
    @JsonPropertyDescription(
            "What happens to running services when quorum is lost: stop (rgmanager's emergency"
                + " stop) or freeze (leave them as they are). Nothing is fenced, started or"
                + " relocated while inquorate either way.")
        @Default(Defaults.NO_QUORUM_POLICY_JSON)
        NoQuorumPolicy noQuorumPolicy,
    @JsonPropertyDescription(
            "Token timeout (totem token): how stale a node's heartbeat Lease may be before the node"
                + " is offline. At least 2s. Default 10s.")
        @Default(Defaults.TOKEN_TIMEOUT)
        @Pattern(ApiConstants.DURATION_PATTERN)
        @ValidationRule(
            value = AdmissionRules.AT_LEAST_2S,
            message =
                "spec.tokenTimeout must be at least 2s: a shorter timeout declares healthy nodes"
                    + " offline (and fences them) on a missed heartbeat renewal")
        String tokenTimeout,
    @JsonPropertyDescription(
            "Post-fail delay (fence_daemon post_fail_delay): wait this long after a node is lost"
                + " before fencing it. Default 0s.")
        @Default(Defaults.POST_FAIL_DELAY)
        @Pattern(ApiConstants.DURATION_PATTERN)
        String postFailDelay,
    @JsonPropertyDescription(
            "Post-join delay (fence_daemon post_join_delay): after quorum forms, wait this long for"
                + " members to join before fencing the absent ones. Default 6s.")
        @Default(Defaults.POST_JOIN_DELAY)
        @Pattern(ApiConstants.DURATION_PATTERN)
        String postJoinDelay,
    @JsonPropertyDescription(
            "Manual fence acknowledgements (fence_ack_manual): an administrator's statement that a"
                + " lost node is powered off. Valid for a loss that began before acknowledgedAt.")
        @Size(max = 1000)
        List<FenceAcknowledgement> fenceAcknowledgements) {

  public static HAClusterSpec empty() {
    return new HAClusterSpec(null, null, null, null, null, null, null, null, null, null);
  }

  /** This spec with one more manual fence acknowledgement. */
  public HAClusterSpec withAcknowledgement(FenceAcknowledgement ack) {
    List<FenceAcknowledgement> acks = new java.util.ArrayList<>(fenceAcknowledgementsOrEmpty());
    acks.add(ack);
    return new HAClusterSpec(
        memberSelector,
        nodes,
        expectedVotes,
        twoNode,
        quorumDevice,
        noQuorumPolicy,
        tokenTimeout,
        postFailDelay,
        postJoinDelay,
        List.copyOf(acks));
  }

  public List<ClusterNode> nodesOrEmpty() {
    return nodes == null ? List.of() : nodes;
  }

  public List<FenceAcknowledgement> fenceAcknowledgementsOrEmpty() {
    return fenceAcknowledgements == null ? List.of() : fenceAcknowledgements;
  }

  public boolean twoNodeOrDefault() {
    return twoNode == null ? Defaults.TWO_NODE : twoNode;
  }

  public NoQuorumPolicy noQuorumPolicyOrDefault() {
    return noQuorumPolicy == null ? Defaults.NO_QUORUM_POLICY : noQuorumPolicy;
  }

  public String tokenTimeoutOrDefault() {
    return tokenTimeout == null ? Defaults.TOKEN_TIMEOUT : tokenTimeout;
  }

  public String postFailDelayOrDefault() {
    return postFailDelay == null ? Defaults.POST_FAIL_DELAY : postFailDelay;
  }

  public String postJoinDelayOrDefault() {
    return postJoinDelay == null ? Defaults.POST_JOIN_DELAY : postJoinDelay;
  }
}
