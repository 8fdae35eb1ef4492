package dev.rgmanager.fence.external;

import dev.rgmanager.fence.Action;
import dev.rgmanager.fence.FenceAgent;
import dev.rgmanager.fence.FenceException;
import dev.rgmanager.fence.FenceResult;
import dev.rgmanager.fence.ParameterPolicy;
import dev.rgmanager.fence.PowerState;
import dev.rgmanager.fence.Secret;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Runs an installed ClusterLabs agent (fence_apc, fence_ipmilan, ...) with the stdin protocol:
 * parameters and the password as key=value lines on stdin, never on the command line or in the
 * environment; killed when it overruns its timeout. The action and the plug are the operator's:
 * configured parameters that would set them, name a program or file, or hold a control character
 * are refused before anything runs (see {@link ParameterPolicy}).
 */
public final class ExternalFenceAgent implements FenceAgent {
  private static final Pattern NAME = Pattern.compile("^fence_[a-z0-9_]+$");
  private static final List<String> SEARCH = List.of("/usr/sbin", "/sbin", "/usr/bin", "/bin");

  private final Path program;
  private final Map<String, String> parameters;
  private final String plug;
  private final Secret password;
  private final Duration timeout;

  /** An agent without a plug (one device, one node: a BMC). */
  public ExternalFenceAgent(
      Path program, Map<String, String> parameters, Secret password, Duration timeout)
      throws FenceException {
    this(program, parameters, null, password, timeout);
  }

  /**
   * An agent acting on {@code plug} (the operator's choice of victim; {@code null} for none).
   *
   * @throws FenceException when a parameter is refused (the message names it and the fix)
   */
  public ExternalFenceAgent(
      Path program, Map<String, String> parameters, String plug, Secret password, Duration timeout)
      throws FenceException {
    ParameterPolicy.checkConfigured(parameters);
    if (plug != null) {
      ParameterPolicy.checkText("plug", plug);
    }
    if (ParameterPolicy.hasControl(password.reveal())) {
      // Never the value, nor where in it: the password stays unknown to messages.
      throw new FenceException(
          "the password (from the credentials Secret) contains a control character such as a"
              + " line feed, which would add lines to the agent's input; store it without one");
    }
    this.program = program;
    this.parameters = new LinkedHashMap<>(parameters);
    this.plug = plug;
    this.password = password;
    this.timeout = timeout;
  }

  /** Finds an installed agent by name (fence_ followed by [a-z0-9_]) in the system directories. */
  public static Path locate(String name) throws FenceException {
    if (name == null || !NAME.matcher(name).matches()) {
      throw new FenceException("'" + name + "' is not a fence agent name (fence_[a-z0-9_]+)");
    }
    List<String> dirs = new ArrayList<>(SEARCH);
    String path = System.getenv("PATH");
    if (path != null) {
      dirs.addAll(List.of(path.split(":")));
    }
    for (String dir : dirs) {
      Path p = Path.of(dir, name);
      if (Files.isExecutable(p)) {
        return p;
      }
    }
    throw new FenceException("fence agent " + name + " is not installed");
  }

  @Override
  public FenceResult status() {
    return run(Action.STATUS);
  }

  @Override
  public FenceResult on() {
    return run(Action.ON);
  }

  @Override
  public FenceResult off() {
    return run(Action.OFF);
  }

  @Override
  public FenceResult reboot() {
    return run(Action.REBOOT);
  }

  @Override
  public FenceResult monitor() {
    return run(Action.MONITOR);
  }

  @Override
  public List<String> list() throws FenceException {
    AgentProcess.Finished f = invoke(Action.LIST);
    if (f.exitCode() != 0) {
      throw new FenceException(describe(Action.LIST, f));
    }
    List<String> plugs = new ArrayList<>();
    for (String line : f.stdout().split("\n")) {
      String plug = line.split(",", 2)[0].trim();
      if (!plug.isEmpty() && !line.startsWith("NOTICE")) {
        plugs.add(plug);
      }
    }
    return plugs;
  }

  @Override
  public FenceResult run(Action action) {
    try {
      AgentProcess.Finished f = invoke(action);
      int code = f.exitCode();
      if (action == Action.STATUS && (code == 0 || code == 2)) {
        PowerState s = code == 0 ? PowerState.ON : PowerState.OFF;
        return FenceResult.success(s, "Status: " + s.name());
      }
      if (code == 0) {
        PowerState s =
            switch (action) {
              case OFF -> PowerState.OFF;
              case ON, REBOOT -> PowerState.ON;
              default -> PowerState.UNKNOWN;
            };
        return FenceResult.success(s, program.getFileName() + " " + action.word() + ": success");
      }
      return FenceResult.failure(describe(action, f));
    } catch (FenceException e) {
      return FenceResult.failure(password.redact(e.getMessage()));
    }
  }

  private AgentProcess.Finished invoke(Action action) throws FenceException {
    StringBuilder stdin = new StringBuilder();
    parameters.forEach((k, v) -> stdin.append(k).append('=').append(v).append('\n'));
    if (!password.isEmpty()) {
      stdin.append("password=").append(password.reveal()).append('\n');
    }
    if (plug != null) {
      stdin.append("plug=").append(plug).append('\n');
    }
    // Last, so that even an agent which lets a later line win reads ours.
    stdin.append("action=").append(action.word()).append('\n');
    return AgentProcess.run(program, stdin.toString(), timeout);
  }

  /** The agent's last output lines, scrubbed of the password and capped. */
  private String describe(Action action, AgentProcess.Finished f) {
    String text = (f.stderr() + "\n" + f.stdout()).strip();
    List<String> lines =
        text.lines()
            .filter(l -> !l.isBlank() && !l.contains("DeprecationWarning") && !l.contains("import"))
            .toList();
    String tail = String.join(" | ", lines.subList(Math.max(0, lines.size() - 3), lines.size()));
    if (tail.length() > 300) {
      tail = tail.substring(tail.length() - 300);
    }
    return password.redact(
        program.getFileName()
            + " "
            + action.word()
            + " failed with exit code "
            + f.exitCode()
            + (tail.isEmpty() ? "" : ": " + tail));
  }
}
