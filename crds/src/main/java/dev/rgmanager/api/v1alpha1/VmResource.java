package dev.rgmanager.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;

/**
 * A KubeVirt VirtualMachine run as a service resource: its template, started and migrated by the
 * cluster.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record VmResource(
    @Required
        @Pattern(ApiConstants.NAME_PATTERN)
        @JsonPropertyDescription("Name of the KubeVirt VirtualMachine in the service's namespace.")
        String name) {}
