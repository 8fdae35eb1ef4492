package dev.rgmanager.api.v1alpha1;

/**
 * CEL rules shared by several fields of the API types, so that every field that takes fence agent
 * parameters, a node name or a duration is judged by the same expression and message.
 */
public final class AdmissionRules {
  /** Parameter keys the operator sets itself: the action, and its alias option. */
  public static final String NO_ACTION = "!('action' in self) && !('option' in self)";

  public static final String NO_ACTION_MESSAGE =
      "parameters.action: the operator sets the fence action itself; remove this key (and its"
          + " alias option)";

  /** Parameter keys naming the victim: on a device they would aim every fence at one plug. */
  public static final String NO_VICTIM =
      "!('port' in self) && !('plug' in self) && !('nodename' in self)";

  public static final String NO_VICTIM_MESSAGE =
      "spec.parameters: the operator names the victim itself; remove plug, port and nodename"
          + " here (they would aim every fence at one outlet), and give a node's own outlet in the"
          + " HACluster's spec.nodes[].fenceMethods[].devices[].parameters";

  /** The agent's debug knobs: they make it log its arguments, the password among them. */
  public static final String NO_DEBUG =
      "!('debug' in self) && !('verbose' in self) && !('verbose_level' in self) && !('debug_file'"
          + " in self)";

  public static final String NO_DEBUG_MESSAGE =
      "parameters: debug, verbose, verbose_level and debug_file are refused: they make the agent"
          + " log its arguments, the password among them; remove these keys";

  /**
   * Keys that name programs or files the agent would run, read or write. Iterating the keys is too
   * costly for the API server's rule budget on the per-node lists, so only the device's own
   * parameters carry this rule.
   */
  public static final String NO_FILES = "self.all(k, !k.endsWith('_path') && !k.endsWith('_file'))";

  public static final String NO_FILES_MESSAGE =
      "spec.parameters: keys ending in _path or _file name programs or files the agent would run"
          + " or write; the agent runs with the operator's own settings; remove these keys";

  /**
   * Control characters would end the agent's key=value line on its stdin and start another. Like
   * {@link #NO_FILES}, only on the device's own parameters.
   */
  public static final String NO_CONTROL_CHARACTERS =
      "self.all(k, !k.matches('[\\\\x00-\\\\x1f\\\\x7f]') &&"
          + " !self[k].matches('[\\\\x00-\\\\x1f\\\\x7f]'))";

  public static final String NO_CONTROL_CHARACTERS_MESSAGE =
      "spec.parameters: a key or value contains a control character (below 0x20, or 0x7f), which"
          + " would end the agent's key=value line; remove it";

  /** Longest value of a fence agent parameter. */
  public static final int PARAMETER_VALUE_MAX_LENGTH = 1024;

  /**
   * A node name becomes the value of the rgmanager.dev/owner label, so it must be one (the pattern
   * already keeps to label characters).
   */
  public static final String LABEL_VALUE_LENGTH = "size(self) <= 63";

  public static final String NODE_NAME_MESSAGE =
      "a node name is at most 63 characters: it is the value of the rgmanager.dev/owner label"
          + " on the service's pods; use a shorter node name";

  public static final String SERVICE_NAME_MESSAGE =
      "metadata.name: a ClusterService name is at most 63 characters: it is the value of the"
          + " rgmanager.dev/service label on the service's pods, Services and claims; use a"
          + " shorter name";

  public static final String AT_LEAST_1S = "duration(self) >= duration('1s')";
  public static final String AT_LEAST_2S = "duration(self) >= duration('2s')";

  private AdmissionRules() {}
}
