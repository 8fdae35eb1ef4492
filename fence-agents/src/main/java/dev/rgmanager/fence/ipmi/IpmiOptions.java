package dev.rgmanager.fence.ipmi;

import dev.rgmanager.fence.AgentParameters;
import dev.rgmanager.fence.FenceException;
import java.time.Duration;
import java.util.Locale;

/** The fence_ipmilan parameters, parsed and checked: where the BMC is and how to power-fence. */
public record IpmiOptions(
    BmcEndpoint endpoint,
    RebootMethod method,
    Duration powerWait,
    Duration powerTimeout,
    Duration pollInterval) {

  /** How reboot is done: off, verify, on, verify; or one chassis power cycle. */
  public enum RebootMethod {
    ONOFF,
    CYCLE
  }

  /** Reads fence_ipmilan parameters; refuses IPMI v1.5 and unauthenticated cipher suites. */
  public static IpmiOptions from(AgentParameters p) throws FenceException {
    if (!p.flag("lanplus", true)) {
      throw new FenceException(
          "lanplus=0 (IPMI v1.5) is refused: its sessions are weakly authenticated and not"
              + " encrypted; use IPMI v2.0 (lanplus=1)");
    }
    String auth = p.get("auth", "").toLowerCase(Locale.ROOT);
    if (auth.equals("none")) {
      throw new FenceException("auth=none is refused: unauthenticated sessions are not allowed");
    }
    if (p.get("hexadecimal_kg").isPresent()) {
      throw new FenceException("hexadecimal_kg (a BMC key) is not supported");
    }
    CipherSuite suite = CipherSuite.byId(p.integer("cipher", 3));
    PrivilegeLevel privilege = PrivilegeLevel.parse(p.get("privlvl", "administrator"));
    String method = p.get("method", "onoff").toLowerCase(Locale.ROOT);
    RebootMethod reboot;
    switch (method) {
      case "onoff":
        reboot = RebootMethod.ONOFF;
        break;
      case "cycle":
        reboot = RebootMethod.CYCLE;
        break;
      default:
        throw new FenceException("method must be onoff or cycle");
    }
    int port = p.integer("ipport", 623);
    if (port < 1 || port > 65535) {
      throw new FenceException("ipport must be between 1 and 65535");
    }
    BmcEndpoint endpoint =
        new BmcEndpoint(
            p.require("ip"),
            port,
            p.get("username", ""),
            suite,
            privilege,
            p.seconds("login_timeout", Duration.ofSeconds(5)),
            p.seconds("shell_timeout", Duration.ofSeconds(5)),
            p.seconds("ipmi_retransmit", Duration.ofSeconds(1)));
    if (endpoint.loginTimeout().isZero() || endpoint.commandTimeout().isZero()) {
      throw new FenceException("login_timeout and shell_timeout must be positive");
    }
    return new IpmiOptions(
        endpoint,
        reboot,
        p.seconds("power_wait", Duration.ofSeconds(2)),
        p.seconds("power_timeout", Duration.ofSeconds(20)),
        p.seconds("poll_interval", Duration.ofMillis(500)));
  }
}
