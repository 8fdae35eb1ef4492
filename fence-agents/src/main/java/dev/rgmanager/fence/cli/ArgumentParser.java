package dev.rgmanager.fence.cli;

import dev.rgmanager.fence.AgentDescription;
import dev.rgmanager.fence.AgentParameters;
import dev.rgmanager.fence.FenceException;
import dev.rgmanager.fence.ParameterSpec;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads agent parameters the ClusterLabs way: {@code key=value} lines on stdin when there are no
 * command-line arguments (how Pacemaker calls agents), otherwise long and short options.
 */
final class ArgumentParser {
  private static final Map<String, String> SHORT =
      Map.ofEntries(
          Map.entry("-o", "action"),
          Map.entry("-a", "ip"),
          Map.entry("-l", "username"),
          Map.entry("-p", "password"),
          Map.entry("-S", "password_script"),
          Map.entry("-n", "plug"),
          Map.entry("-u", "ipport"),
          Map.entry("-P", "lanplus"),
          Map.entry("-C", "cipher"),
          Map.entry("-L", "privlvl"),
          Map.entry("-m", "method"),
          Map.entry("-v", "verbose"),
          Map.entry("-k", "key"),
          Map.entry("-d", "devices"),
          Map.entry("-D", "debug"),
          Map.entry("-h", "help"));

  /** Printed when the password comes on the command line, where every local user can read it. */
  static final String COMMAND_LINE_PASSWORD =
      "WARNING: a password given with -p/--password is visible to every local user (ps,"
          + " /proc/<pid>/cmdline). Pass it on stdin instead (a password= line, with no options),"
          + " or name a program that prints it with -S/--password-script.";

  /** What was read, plus warnings for keys the agent does not know. */
  record Parsed(Map<String, String> values, List<String> warnings) {}

  private final AgentDescription description;

  ArgumentParser(AgentDescription description) {
    this.description = description;
  }

  Parsed parse(String[] args, InputStream stdin) throws FenceException {
    return args.length == 0 ? fromStdin(stdin) : fromOptions(args);
  }

  private Parsed fromStdin(InputStream stdin) throws FenceException {
    Map<String, String> values = new LinkedHashMap<>();
    List<String> warnings = new java.util.ArrayList<>();
    try (BufferedReader r =
        new BufferedReader(new InputStreamReader(stdin, StandardCharsets.UTF_8))) {
      String line;
      while ((line = r.readLine()) != null) {
        String t = line.strip();
        if (t.isEmpty() || t.startsWith("#")) {
          continue;
        }
        int eq = t.indexOf('=');
        String key = AgentParameters.canonical(eq < 0 ? t : t.substring(0, eq));
        String value = eq < 0 ? "" : t.substring(eq + 1).strip();
        if (!known(key)) {
          // Only the key: the value may be a credential under an unexpected name.
          warnings.add("Parse error: Ignoring unknown option '" + key + "'");
          continue;
        }
        values.put(key, value);
      }
    } catch (IOException e) {
      throw new FenceException("cannot read parameters from stdin");
    }
    return new Parsed(values, warnings);
  }

  private Parsed fromOptions(String[] args) throws FenceException {
    Map<String, String> values = new LinkedHashMap<>();
    List<String> warnings = new java.util.ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      String key;
      String value = null;
      if (arg.startsWith("--")) {
        int eq = arg.indexOf('=');
        key = AgentParameters.canonical(eq < 0 ? arg.substring(2) : arg.substring(2, eq));
        value = eq < 0 ? null : arg.substring(eq + 1);
      } else if (SHORT.containsKey(arg)) {
        key = SHORT.get(arg);
      } else {
        throw new FenceException("unrecognized option '" + optionName(arg) + "'");
      }
      if (!known(key) && !key.equals("help") && !key.equals("version")) {
        throw new FenceException("unrecognized option '--" + key + "'");
      }
      if (value == null) {
        if (isFlag(key)) {
          value = "1";
        } else if (i + 1 < args.length) {
          value = args[++i];
        } else {
          throw new FenceException("option '" + key + "' needs a value");
        }
      }
      if (key.equals("password") && !warnings.contains(COMMAND_LINE_PASSWORD)) {
        warnings.add(COMMAND_LINE_PASSWORD);
      }
      values.put(key, value);
    }
    return new Parsed(values, warnings);
  }

  private static String optionName(String arg) {
    int eq = arg.indexOf('=');
    return eq < 0 ? arg : arg.substring(0, eq);
  }

  private boolean known(String key) {
    return description.parameter(key).isPresent();
  }

  private boolean isFlag(String key) {
    return key.equals("help")
        || key.equals("version")
        || description
            .parameter(key)
            .map(p -> p.type() == ParameterSpec.Type.BOOLEAN)
            .orElse(false);
  }
}
