package dev.rgmanager.fence;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Which configured parameters may reach an agent. Never the action or the victim (the operator sets
 * both), never a program, script or file the agent would run, read or write, and never a control
 * character (a line feed would add lines to the agent's stdin).
 *
 * <p>The rule for programs and files: any name ending in {@code _path}, {@code _file} or {@code
 * _script}, plus the ClusterLabs options that run or log outside those names ({@code exec}, {@code
 * ssh_options}, {@code logfile}, {@code file}, {@code debug}, {@code verbose}, {@code
 * verbose_level}). {@code api_path} is allowed: it is a path on the device's web API, not a local
 * file.
 */
public final class ParameterPolicy {
  private static final Pattern NAME = Pattern.compile("^[A-Za-z0-9_-]+$");

  private static final Set<String> ACTION = Set.of("action", "option");

  /** Names that choose the node an action hits: fence_* "plug" and its aliases, fence_scsi key. */
  private static final Set<String> VICTIM = Set.of("plug", "port", "nodename", "key");

  private static final Set<String> RUNS_OR_WRITES =
      Set.of("exec", "ssh_options", "logfile", "file", "debug", "verbose", "verbose_level");

  private static final Set<String> SUFFIXES = Set.of("_path", "_file", "_script");

  private static final Set<String> ALLOWED = Set.of("api_path");

  private ParameterPolicy() {}

  /** The name as ClusterLabs agents match it: case and dashes folded. */
  private static String folded(String name) {
    return name.trim().toLowerCase(Locale.ROOT).replace('-', '_');
  }

  /** Whether {@code name} is one of the victim's names (plug, port, nodename, key). */
  public static boolean namesVictim(String name) {
    return name != null && VICTIM.contains(folded(name));
  }

  /** Whether {@code name} is the action or its alias option. */
  public static boolean namesAction(String name) {
    return name != null && ACTION.contains(folded(name));
  }

  /**
   * Why a configured parameter named {@code name} may not be passed to an agent (the reason and the
   * fix, for a message), or empty when it may.
   */
  public static Optional<String> refusal(String name) {
    String n = folded(name == null ? "" : name);
    if (ACTION.contains(n)) {
      return Optional.of(
          "the operator sets the action (off, then verified, to fence); remove '" + name + "'");
    }
    if (VICTIM.contains(n)) {
      return Optional.of(
          "the operator sets the node to act on (the node's name, or plug/port in that node's"
              + " fence method device parameters); remove '"
              + name
              + "' from the FenceDevice");
    }
    if (ALLOWED.contains(n)) {
      return Optional.empty();
    }
    if (RUNS_OR_WRITES.contains(n) || SUFFIXES.stream().anyMatch(n::endsWith)) {
      return Optional.of(
          "it names a program, script or file the agent would run or write on the operator's"
              + " host; remove '"
              + name
              + "' (the agent's default is used)");
    }
    return Optional.empty();
  }

  /**
   * Checks parameters configured on a device or a node's use of it before they go on an agent's
   * stdin.
   *
   * @throws FenceException naming the first parameter refused, why, and the fix
   */
  public static void checkConfigured(Map<String, String> parameters) throws FenceException {
    for (Map.Entry<String, String> e : parameters.entrySet()) {
      checkText(e.getKey(), e.getValue());
      Optional<String> why = refusal(e.getKey());
      if (why.isPresent()) {
        throw new FenceException("parameter '" + e.getKey() + "' is refused: " + why.get());
      }
    }
  }

  /**
   * Checks one key=value line: the name is letters, digits, _ and -, and neither name nor value
   * holds a control character. The value is never quoted in the message (it may be sensitive).
   */
  public static void checkText(String name, String value) throws FenceException {
    if (name == null || !NAME.matcher(name).matches()) {
      throw new FenceException(
          "parameter name '"
              + printable(name)
              + "' is refused: names are letters, digits, '_' and '-' only; rename or remove it");
    }
    if (value == null) {
      return;
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c < 0x20 || c == 0x7f) {
        throw new FenceException(
            "parameter '"
                + name
                + "' is refused: its value contains a control character ("
                + controlName(c)
                + " at position "
                + i
                + "), which would add lines to the agent's input; remove it");
      }
    }
  }

  /** The name of a control character, as people know it. */
  public static String controlName(char c) {
    return switch (c) {
      case '\n' -> "line feed, U+000A";
      case '\r' -> "carriage return, U+000D";
      case '\0' -> "NUL, U+0000";
      case '\t' -> "tab, U+0009";
      default -> String.format(Locale.ROOT, "U+%04X", (int) c);
    };
  }

  /** Whether text holds a control character. */
  public static boolean hasControl(String text) {
    return text != null && text.chars().anyMatch(c -> c < 0x20 || c == 0x7f);
  }

  private static String printable(String name) {
    if (name == null) {
      return "";
    }
    StringBuilder b = new StringBuilder();
    for (char c : name.toCharArray()) {
      b.append(c < 0x20 || c == 0x7f ? String.format(Locale.ROOT, "\\u%04x", (int) c) : c);
    }
    return b.length() > 64 ? b.substring(0, 64) + "..." : b.toString();
  }
}
