package dev.rgmanager.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.Map;

/** A FenceDevice used by a node's fence method, with the node-specific parameters (plug, port). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record FenceDeviceUse(
    @Required
        @Pattern(ApiConstants.NAME_PATTERN)
        @JsonPropertyDescription("Name of the FenceDevice.")
        String device,
    @Required
        @Pattern(ApiConstants.NAME_PATTERN)
        @JsonPropertyDescription("Namespace of the FenceDevice (and of its credentials Secret).")
        String namespace,
    @JsonPropertyDescription(
            "Node-specific agent parameters, such as plug or port for a PDU. Never put passwords"
                + " here (credentials come from the device's Secret); never action or option; no"
                + " debug, verbose, verbose_level or debug_file.")
        @ValidationRule(
            value =
                "!has(self.password) && !has(self.passwd) && !has(self.password_script) && !has(self.passwd_script)",
            message =
                "parameters must not carry a password: use the FenceDevice's credentialsSecretRef")
        @ValidationRule(
            value = AdmissionRules.NO_ACTION,
            message = AdmissionRules.NO_ACTION_MESSAGE)
        @ValidationRule(value = AdmissionRules.NO_DEBUG, message = AdmissionRules.NO_DEBUG_MESSAGE)
        @Size(max = 64)
        Map<String, String> parameters) {}
