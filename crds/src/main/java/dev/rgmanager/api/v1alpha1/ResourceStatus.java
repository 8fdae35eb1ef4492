package dev.rgmanager.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** The observed state of one resource in a service tree. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ResourceStatus(
    @JsonPropertyDescription("Resource name.") String name,
    @JsonPropertyDescription("volume, ip, app or vm.") String type,
    @JsonPropertyDescription("started, starting, stopped, stopping or failed.") String state,
    @JsonPropertyDescription("Detail, for example why a status check failed.") String message) {}
