package dev.rgmanager.fence.cli;

import dev.rgmanager.fence.Action;
import dev.rgmanager.fence.AgentDescription;
import dev.rgmanager.fence.FenceAgent;
import dev.rgmanager.fence.FenceAgents;
import dev.rgmanager.fence.FenceException;
import dev.rgmanager.fence.FenceResult;
import dev.rgmanager.fence.Secret;
import java.io.InputStream;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The command-line fence agent, as Pacemaker and fence_node call ClusterLabs agents: parameters on
 * stdin or as options, exit 0 on success and 1 on failure (status: 0 on, 2 off).
 */
public final class FenceMain {
  /** Which built-in agent to run, set by the bin/fence_rgm_* launchers. */
  public static final String AGENT_PROPERTY = "rgm.fence.agent";

  private FenceMain() {}

  public static void main(String[] args) {
    String agent = System.getProperty(AGENT_PROPERTY, FenceAgents.IPMILAN);
    System.exit(run(agent, args, System.in, System.out, System.err));
  }

  /** Runs one invocation; returns the exit code. */
  public static int run(
      String agent, String[] args, InputStream stdin, PrintStream out, PrintStream err) {
    Secret password = Secret.none();
    try {
      AgentDescription description = FenceAgents.describe(agent);
      ArgumentParser.Parsed parsed = new ArgumentParser(description).parse(args, stdin);
      Map<String, String> values = new LinkedHashMap<>(parsed.values());
      password = PasswordSource.take(values);
      for (String w : parsed.warnings()) {
        err.println(w);
      }
      if (values.containsKey("help")) {
        out.println(Usage.text(description));
        return 0;
      }
      if (values.containsKey("version")) {
        out.println("rgmanager-operator fence agents 0.1.0");
        return 0;
      }
      Action action = Action.parse(values.getOrDefault("action", "reboot"));
      values.remove("action");
      values.remove("verbose");
      values.remove("debug");
      if (action == Action.METADATA) {
        out.print(MetadataWriter.write(description));
        return 0;
      }
      FenceAgent fenceAgent = FenceAgents.create(agent, values, password);
      if (action == Action.VALIDATE_ALL) {
        return 0;
      }
      if (action == Action.LIST) {
        List<String> plugs = fenceAgent.list();
        if (plugs.isEmpty()) {
          out.println("NOTICE: List option is not working on this device yet");
        }
        plugs.forEach(p -> out.println(p + ","));
        return 0;
      }
      FenceResult result = fenceAgent.run(action);
      if (result.succeeded()) {
        out.println(password.redact(result.message()));
      } else {
        err.println("Failed: " + password.redact(result.message()));
      }
      return result.exitCode(action);
    } catch (FenceException e) {
      err.println("Failed: " + password.redact(e.getMessage()));
      return 1;
    } catch (RuntimeException e) {
      err.println("Failed: internal error " + e.getClass().getSimpleName());
      return 1;
    }
  }
}
