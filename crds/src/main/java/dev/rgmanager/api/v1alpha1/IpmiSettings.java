package dev.rgmanager.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;

/** How to reach a BMC with IPMI v2.0 over LAN (RMCP+). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record IpmiSettings(
    @Required
        @JsonPropertyDescription("BMC address (host name or IP).")
        @Pattern("^[A-Za-z0-9.:\\[\\]-]+$")
        String address,
    @JsonPropertyDescription("BMC UDP port. Default 623.")
        @Default("" + Defaults.IPMI_PORT)
        @Min(1)
        @Max(65535)
        Integer port,
    @JsonPropertyDescription(
            "RMCP+ cipher suite. Default 3 (HMAC-SHA1, HMAC-SHA1-96, AES-CBC-128). Cipher suite 0"
                + " (no authentication) is refused.")
        @Default("" + Defaults.IPMI_CIPHER_SUITE)
        @Min(1)
        @Max(17)
        Integer cipherSuite,
    @JsonPropertyDescription("Session privilege level. Default administrator.")
        @Default(Defaults.IPMI_PRIVILEGE_LEVEL_JSON)
        PrivilegeLevel privilegeLevel,
    @JsonPropertyDescription(
            "Reboot method: onoff (off, verify, on) or cycle (chassis power cycle). Default onoff.")
        @Default(Defaults.IPMI_METHOD_JSON)
        RebootMethod method,
    @JsonPropertyDescription("Seconds to wait after a power command before polling. Default 2s.")
        @Default(Defaults.IPMI_POWER_WAIT)
        @Pattern(ApiConstants.DURATION_PATTERN)
        String powerWait) {

  /** IPMI session privilege levels. */
  public enum PrivilegeLevel {
    @JsonProperty("user")
    USER,
    @JsonProperty("operator")
    OPERATOR,
    @JsonProperty("administrator")
    ADMINISTRATOR
  }

  /** How a reboot is performed. */
  public enum RebootMethod {
    @JsonProperty("onoff")
    ONOFF,
    @JsonProperty("cycle")
    CYCLE
  }
}
