package dev.rgmanager.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/**
 * A transition in progress, kept in status so that a new operator leader finishes exactly what the
 * old one began (start on a node; or stop, then a final state or a start elsewhere).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Transition(
    @JsonPropertyDescription("start, stop or migrate.") TransitionAction action,
    @JsonPropertyDescription(
            "For start: the node the tree is being started on; for migrate: the node the VM is"
                + " migrating to.")
        String node,
    @JsonPropertyDescription(
            "For stop: what follows — stopped, disabled or failed, or start (relocate, restart).")
        AfterStop then,
    @JsonPropertyDescription("For stop followed by start: the node to start on next.")
        String thenNode,
    @JsonPropertyDescription("Why the transition began.") String reason,
    @JsonPropertyDescription("When the transition began (RFC 3339).") String since) {}
