package dev.rgmanager.fence;

import dev.rgmanager.fence.external.ExternalFenceAgent;
import dev.rgmanager.fence.ipmi.IpmiLanDescription;
import dev.rgmanager.fence.ipmi.IpmiOptions;
import dev.rgmanager.fence.ipmi.IpmiPowerAgent;
import dev.rgmanager.fence.scsi.KeyWitness;
import dev.rgmanager.fence.scsi.ScsiDescription;
import dev.rgmanager.fence.scsi.ScsiFenceAgent;
import dev.rgmanager.fence.scsi.ScsiOptions;
import java.time.Duration;
import java.util.LinkedHashMap;
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
   * This is the command-line form: the caller (Pacemaker, an administrator) names the plug among
   * the parameters of a built-in agent; an external agent gets no plug.
   *
   * @throws FenceException when a parameter is missing or invalid (message names the parameter)
   */
  public static FenceAgent create(String agent, Map<String, String> parameters, Secret password)
      throws FenceException {
    return build(agent, parameters, null, password, KeyWitness.none());
  }

  /**
   * The operator's form: {@code configured} comes from a FenceDevice and a node's use of it, and
   * may not set the action or the victim, name a program or file, or hold a control character
   * ({@link ParameterPolicy}); {@code victim} is what the operator chose: {@code plug} (the node's
   * name, or its outlet), and for SCSI optionally {@code nodeid} or {@code key}. {@code witness}
   * keeps SCSI keys seen registered, the evidence that an absent key was fenced.
   *
   * @throws FenceException naming the refused or invalid parameter and the fix
   */
  public static FenceAgent create(
      String agent,
      Map<String, String> configured,
      Map<String, String> victim,
      Secret password,
      KeyWitness witness)
      throws FenceException {
    if (configured.keySet().stream().anyMatch(FenceAgents::isPassword)) {
      throw new FenceException("the password must be passed separately, not among the parameters");
    }
    ParameterPolicy.checkConfigured(configured);
    for (Map.Entry<String, String> v : victim.entrySet()) {
      ParameterPolicy.checkText(v.getKey(), v.getValue());
    }
    return build(agent, configured, victim, password, witness);
  }

  private static boolean isPassword(String name) {
    String c = AgentParameters.canonical(name);
    return c.equals("password") || c.equals("password_script");
  }

  private static FenceAgent build(
      String agent,
      Map<String, String> parameters,
      Map<String, String> victim,
      Secret password,
      KeyWitness witness)
      throws FenceException {
    Map<String, String> all = new LinkedHashMap<>(parameters);
    if (victim != null && !isExternal(agent)) {
      all.putAll(victim);
    }
    AgentParameters p = AgentParameters.of(all);
    if (p.get("password").isPresent() || p.get("password_script").isPresent()) {
      throw new FenceException("the password must be passed separately, not among the parameters");
    }
    switch (normalise(agent)) {
      case IPMILAN:
        return new IpmiPowerAgent(IpmiOptions.from(p), password);
      case SCSI:
        return new ScsiFenceAgent(ScsiOptions.from(p, password), password, witness);
      default:
        if (isExternal(agent)) {
          // Checked under the names given, so that a message names what the administrator wrote.
          ParameterPolicy.checkConfigured(parameters);
          Map<String, String> forwarded = new LinkedHashMap<>(p.asMap());
          forwarded.remove("agent_timeout");
          return new ExternalFenceAgent(
              ExternalFenceAgent.locate(agent),
              forwarded,
              victim == null ? null : victim.get("plug"),
              password,
              p.seconds("agent_timeout", Duration.ofSeconds(60)));
        }
        throw new FenceException("unknown fence agent '" + agent + "'");
    }
  }

  private static boolean isExternal(String agent) {
    return agent != null && agent.startsWith("fence_") && !agent.startsWith("fence_rgm_");
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
