package dev.rgmanager.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.crd.generator.annotation.PreserveUnknownFields;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.Map;

/** An application pod built from a pod template and bound to the owner node. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AppResource(
    @Required
        @PreserveUnknownFields
        @ValidationRule(
            value = "has(self.spec) && has(self.spec.containers) && size(self.spec.containers) > 0",
            message = "app.template.spec.containers must list at least one container")
        @JsonPropertyDescription(
            "A pod template (metadata and spec, as in a Deployment). The operator sets nodeName to"
                + " the owner and mounts parent volumes.")
        Map<String, Object> template) {}
