package dev.rgmanager.plugin.importer;

import java.util.Optional;
import java.util.Set;

/**
 * The fence agent parameters that admission refuses (the CRDs' rules on FenceDevice and on a node's
 * device entry), so that an import leaves them out with a note instead of writing a manifest that
 * cannot be applied.
 */
final class RefusedParameters {
  private static final Set<String> ACTION = Set.of("action", "option");
  private static final Set<String> VICTIM = Set.of("port", "plug", "nodename");
  private static final Set<String> DEBUG =
      Set.of("debug", "verbose", "verbose_level", "debug_file");

  private RefusedParameters() {}

  /** Why {@code key=value} cannot be a FenceDevice's own parameter, if it cannot. */
  static Optional<String> onDevice(String key, String value) {
    if (VICTIM.contains(key)) {
      return Optional.of(
          "the operator names the victim; put " + key + " on each node's device entry instead");
    }
    if (key.endsWith("_path") || key.endsWith("_file")) {
      return Optional.of("keys ending in _path or _file name programs or files the agent runs");
    }
    if (hasControlCharacter(key) || hasControlCharacter(value)) {
      return Optional.of("it contains a control character");
    }
    return onNode(key);
  }

  /** Why {@code key} cannot be a parameter of a node's device entry, if it cannot. */
  static Optional<String> onNode(String key) {
    if (ACTION.contains(key)) {
      return Optional.of("the operator chooses the action");
    }
    if (DEBUG.contains(key)) {
      return Optional.of("debug switches make the agent log its arguments");
    }
    return Optional.empty();
  }

  private static boolean hasControlCharacter(String text) {
    return text.chars().anyMatch(c -> c < 0x20 || c == 0x7f);
  }
}
