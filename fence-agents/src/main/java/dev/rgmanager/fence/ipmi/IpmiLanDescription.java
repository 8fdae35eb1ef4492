package dev.rgmanager.fence.ipmi;

import dev.rgmanager.fence.AgentDescription;
import dev.rgmanager.fence.ParameterSpec;
import dev.rgmanager.fence.ParameterSpec.Type;
import java.util.List;

/** The parameters of fence_rgm_ipmilan, named as fence_ipmilan names them. */
public final class IpmiLanDescription {
  private IpmiLanDescription() {}

  public static AgentDescription get() {
    List<ParameterSpec> p = AgentDescription.common();
    p.add(
        ParameterSpec.string("ip", "-a, --ip=[ip]", "IP address or hostname of fencing device")
            .required(true));
    p.add(
        ParameterSpec.of(
            "ipport", Type.INTEGER, "623", "-u, --ipport=[port]", "UDP port of the BMC"));
    p.add(ParameterSpec.string("username", "-l, --username=[name]", "Login name"));
    p.add(ParameterSpec.string("password", "-p, --password=[password]", "Login password"));
    p.add(
        ParameterSpec.string(
            "password_script",
            "-S, --password-script=[script]",
            "Script to run to retrieve password"));
    p.add(
        ParameterSpec.of(
            "lanplus",
            Type.BOOLEAN,
            "1",
            "-P, --lanplus",
            "Use IPMI v2.0 (always on; lanplus=0 is refused)"));
    p.add(
        ParameterSpec.of(
            "cipher",
            Type.INTEGER,
            "3",
            "-C, --cipher=[cipher]",
            "Ciphersuite to use (3 or 17; 0 is refused)"));
    p.add(
        ParameterSpec.select(
            "privlvl",
            "administrator",
            "-L, --privlvl=[level]",
            "Privilege level on IPMI device",
            "callback",
            "user",
            "operator",
            "administrator"));
    p.add(
        ParameterSpec.select(
            "method",
            "onoff",
            "-m, --method=[method]",
            "Method to fence (onoff|cycle)",
            "onoff",
            "cycle"));
    p.add(
        ParameterSpec.of(
            "ipmi_retransmit",
            Type.SECOND,
            "1",
            "--ipmi-retransmit=[seconds]",
            "Resend a UDP request after X seconds without answer"));
    p.add(ParameterSpec.string("plug", "-n, --plug=[ip]", "Ignored: a BMC controls one machine"));
    return new AgentDescription(
        "fence_rgm_ipmilan",
        "Fence agent for IPMI v2.0 over LAN (rgmanager-operator)",
        "fence_rgm_ipmilan powers machines off and on through their BMC with IPMI v2.0 (RMCP+,"
            + " cipher suite 3 or 17) implemented in Java, without ipmitool. It refuses cipher"
            + " suite 0 and IPMI v1.5 sessions, and verifies every power change by polling.",
        p);
  }
}
