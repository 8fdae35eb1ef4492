package dev.rgmanager.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.Map;

/** Desired fence device configuration. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = "self.agent != 'ipmilan' || has(self.ipmi)",
    message = "spec.ipmi is required when spec.agent is ipmilan",
    fieldPath = ".ipmi")
@ValidationRule(
    value = "self.agent != 'scsi' || has(self.scsi)",
    message = "spec.scsi is required when spec.agent is scsi",
    fieldPath = ".scsi")
@ValidationRule(
    value = "self.agent != 'external' || has(self.externalAgent)",
    message = "spec.externalAgent (for example fence_apc) is required when spec.agent is external",
    fieldPath = ".externalAgent")
@ValidationRule(
    value =
        "(has(self.ipmi) ? 1 : 0) + (has(self.scsi) ? 1 : 0) + (has(self.externalAgent) ? 1 : 0) <= 1",
    message = "spec: set only the section of the chosen agent (ipmi, scsi or externalAgent)")
@ValidationRule(
    value = "self.agent != 'ipmilan' || has(self.credentialsSecretRef)",
    message =
        "spec.credentialsSecretRef is required for ipmilan: the BMC password comes from a Secret",
    fieldPath = ".credentialsSecretRef")
public record FenceDeviceSpec(
    @Required
        @JsonPropertyDescription(
            "The agent: ipmilan, scsi, or external (any ClusterLabs fence_* program).")
        FenceAgentType agent,
    @JsonPropertyDescription("IPMI over LAN settings (agent ipmilan).") IpmiSettings ipmi,
    @JsonPropertyDescription("SCSI-3 persistent reservation settings (agent scsi).")
        ScsiSettings scsi,
    @JsonPropertyDescription("The ClusterLabs program to run for agent external, e.g. fence_apc.")
        @Pattern("^fence_[a-z0-9_]+$")
        String externalAgent,
    @JsonPropertyDescription(
            "Extra agent parameters passed as key=value on the agent's stdin. Never passwords"
                + " (those come from credentialsSecretRef); never action, option, plug, port or"
                + " nodename (the operator sets the action and the victim); no keys ending in _path"
                + " or _file, no debug, verbose or verbose_level; no control characters.")
        @ValidationRule(
            value =
                "!has(self.password) && !has(self.passwd) && !has(self.password_script) && !has(self.passwd_script)",
            message = "spec.parameters must not carry a password: use spec.credentialsSecretRef")
        @ValidationRule(
            value = AdmissionRules.NO_ACTION,
            message = "spec." + AdmissionRules.NO_ACTION_MESSAGE)
        @ValidationRule(
            value = AdmissionRules.NO_VICTIM,
            message = AdmissionRules.NO_VICTIM_MESSAGE)
        @ValidationRule(
            value = AdmissionRules.NO_DEBUG,
            message = "spec." + AdmissionRules.NO_DEBUG_MESSAGE)
        @ValidationRule(value = AdmissionRules.NO_FILES, message = AdmissionRules.NO_FILES_MESSAGE)
        @ValidationRule(
            value = AdmissionRules.NO_CONTROL_CHARACTERS,
            message = AdmissionRules.NO_CONTROL_CHARACTERS_MESSAGE)
        @Size(max = 64)
        Map<String, String> parameters,
    @JsonPropertyDescription("Secret holding the login and password (keys username and password).")
        SecretKeyRef credentialsSecretRef,
    @JsonPropertyDescription(
            "How long one fence action may take before it counts as failed. At least 1s."
                + " Default 60s.")
        @Default(Defaults.FENCE_TIMEOUT)
        @Pattern(ApiConstants.DURATION_PATTERN)
        @ValidationRule(
            value = AdmissionRules.AT_LEAST_1S,
            message =
                "spec.timeout must be at least 1s: no fence agent answers sooner, so every fence"
                    + " would fail")
        String timeout,
    @JsonPropertyDescription(
            "How often the device is monitored (its status shown in status). At least 1s."
                + " Default 60s.")
        @Default(Defaults.MONITOR_INTERVAL)
        @Pattern(ApiConstants.DURATION_PATTERN)
        @ValidationRule(
            value = AdmissionRules.AT_LEAST_1S,
            message =
                "spec.monitorInterval must be at least 1s: a shorter interval runs the agent in a"
                    + " hot loop against the device")
        String monitorInterval) {

  public String timeoutOrDefault() {
    return timeout == null ? Defaults.FENCE_TIMEOUT : timeout;
  }

  public String monitorIntervalOrDefault() {
    return monitorInterval == null ? Defaults.MONITOR_INTERVAL : monitorInterval;
  }

  public Map<String, String> parametersOrEmpty() {
    return parameters == null ? Map.of() : parameters;
  }
}
