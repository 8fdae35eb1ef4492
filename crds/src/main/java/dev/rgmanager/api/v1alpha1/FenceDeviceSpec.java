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
            "Extra agent parameters passed as key=value on the agent's stdin. Never passwords:"
                + " those come from credentialsSecretRef.")
        @ValidationRule(
            value =
                "!has(self.password) && !has(self.passwd) && !has(self.password_script) && !has(self.passwd_script)",
            message = "spec.parameters must not carry a password: use spec.credentialsSecretRef")
        @Size(max = 64)
        Map<String, String> parameters,
    @JsonPropertyDescription("Secret holding the login and password (keys username and password).")
        SecretKeyRef credentialsSecretRef,
    @JsonPropertyDescription(
            "How long one fence action may take before it counts as failed. Default 60s.")
        @Default("60s")
        @Pattern(ApiConstants.DURATION_PATTERN)
        String timeout,
    @JsonPropertyDescription(
            "How often the device is monitored (its status shown in status). Default 60s.")
        @Default("60s")
        @Pattern(ApiConstants.DURATION_PATTERN)
        String monitorInterval) {

  public String timeoutOrDefault() {
    return timeout == null ? "60s" : timeout;
  }

  public String monitorIntervalOrDefault() {
    return monitorInterval == null ? "60s" : monitorInterval;
  }

  public Map<String, String> parametersOrEmpty() {
    return parameters == null ? Map.of() : parameters;
  }
}
