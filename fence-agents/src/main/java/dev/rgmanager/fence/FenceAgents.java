package dev.rgmanager.fence;

import dev.rgmanager.fence.external.ExternalFenceAgent;
import dev.rgmanager.fence.ipmi.IpmiLanDescription;
import dev.rgmanager.fence.ipmi.IpmiOptions;
import dev.rgmanager.fence.ipmi.IpmiPowerAgent;
import dev.rgmanager.fence.scsi.ScsiDescription;
import dev.rgmanager.fence.scsi.ScsiFenceAgent;
import dev.rgmanager.fence.scsi.ScsiOptions;
import java.time.Duration;
import java.util.Map;

/**
 * Builds a {@link FenceAgent} from an agent name, its parameters and a separately passed secret:
 * the entry point of the operator's fencing coordinator.
 */
public final class FenceAgents {
  /** The built-in IPMI agent. */
  public static final String IPMILAN = "ipmilan";

  /** The built-in SCSI-3 persistent reservation agent. */
  public static final String SCSI = "scsi";

  private FenceAgents() {}

  /**
   * Creates the agent named {@code agent} ("ipmilan", "scsi", or any installed ClusterLabs program
   * such as "fence_apc", which gets the parameters on its stdin and is killed after {@code
   * agent_timeout} seconds, default 60). {@code parameters} use ClusterLabs names or aliases and
   * must not hold a password: pass it as {@code password} so it can come from a Kubernetes Secret.
   *
   * @throws FenceException when a parameter is missing or invalid (message names the parameter)
   */
  public static FenceAgent create(String agent, Map<String, String> parameters, Secret password)
      throws FenceException {
    AgentParameters p = AgentParameters.of(parameters);
    if (p.get("password").isPresent() || p.get("password_script").isPresent()) {
      throw new FenceException("the password must be passed separately, not among the parameters");
    }
    switch (normalise(agent)) {
      case IPMILAN:
        return new IpmiPowerAgent(IpmiOptions.from(p), password);
      case SCSI:
        return new ScsiFenceAgent(ScsiOptions.from(p, password), password);
      default:
        if (agent != null && agent.startsWith("fence_")) {
          Map<String, String> forwarded = new java.util.LinkedHashMap<>(p.asMap());
          forwarded.remove("agent_timeout");
          return new ExternalFenceAgent(
              ExternalFenceAgent.locate(agent),
              forwarded,
              password,
              p.seconds("agent_timeout", Duration.ofSeconds(60)));
        }
        throw new FenceException("unknown fence agent '" + agent + "'");
    }
  }

  /** The metadata of a built-in agent. */
  public static AgentDescription describe(String agent) throws FenceException {
    switch (normalise(agent)) {
      case IPMILAN:
        return IpmiLanDescription.get();
      case SCSI:
        return ScsiDescription.get();
      default:
        throw new FenceException("no description for agent '" + agent + "'");
    }
  }

  private static String normalise(String agent) {
    String a = agent == null ? "" : agent.trim();
    return a.startsWith("fence_rgm_") ? a.substring("fence_rgm_".length()) : a;
  }
}
