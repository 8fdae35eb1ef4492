package dev.rgmanager.fence;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Agent parameters under their canonical ClusterLabs names (aliases such as ipaddr, login, passwd
 * and port folded in), with typed access that fails with a message naming the parameter.
 */
public final class AgentParameters {
  private static final Map<String, String> ALIASES =
      Map.ofEntries(
          Map.entry("ipaddr", "ip"),
          Map.entry("login", "username"),
          Map.entry("passwd", "password"),
          Map.entry("passwd_script", "password_script"),
          Map.entry("port", "plug"),
          Map.entry("nodename", "plug"),
          Map.entry("option", "action"),
          Map.entry("privlvl", "privlvl"),
          Map.entry("lanplus", "lanplus"));

  private final Map<String, String> values;

  private AgentParameters(Map<String, String> values) {
    this.values = values;
  }

  /** Normalises names (dashes to underscores, aliases to canonical names). */
  public static AgentParameters of(Map<String, String> raw) {
    Map<String, String> values = new LinkedHashMap<>();
    raw.forEach((k, v) -> values.put(canonical(k), v == null ? "" : v.trim()));
    return new AgentParameters(values);
  }

  /** The canonical name of a parameter as given on stdin or as a long option. */
  public static String canonical(String name) {
    String n = name.trim().toLowerCase(Locale.ROOT).replace('-', '_');
    return ALIASES.getOrDefault(n, n);
  }

  public Map<String, String> asMap() {
    return Map.copyOf(values);
  }

  public Optional<String> get(String name) {
    String v = values.get(name);
    return v == null || v.isEmpty() ? Optional.empty() : Optional.of(v);
  }

  public String get(String name, String fallback) {
    return get(name).orElse(fallback);
  }

  public String require(String name) throws FenceException {
    return get(name).orElseThrow(() -> new FenceException("parameter '" + name + "' is required"));
  }

  public int integer(String name, int fallback) throws FenceException {
    Optional<String> v = get(name);
    if (v.isEmpty()) {
      return fallback;
    }
    try {
      return Integer.parseInt(v.get());
    } catch (NumberFormatException e) {
      throw new FenceException("parameter '" + name + "' must be an integer");
    }
  }

  /** Seconds, fractional allowed ("0.5"), as ClusterLabs timeouts are. */
  public Duration seconds(String name, Duration fallback) throws FenceException {
    Optional<String> v = get(name);
    if (v.isEmpty()) {
      return fallback;
    }
    try {
      double s = Double.parseDouble(v.get().replaceAll("s$", ""));
      if (s < 0 || Double.isNaN(s) || Double.isInfinite(s)) {
        throw new NumberFormatException();
      }
      return Duration.ofMillis(Math.round(s * 1000));
    } catch (NumberFormatException e) {
      throw new FenceException("parameter '" + name + "' must be a number of seconds");
    }
  }

  /** ClusterLabs booleans: 1/0, true/false, yes/no, on/off; present without a value means true. */
  public boolean flag(String name, boolean fallback) throws FenceException {
    if (!values.containsKey(name)) {
      return fallback;
    }
    String v = values.get(name).toLowerCase(Locale.ROOT);
    switch (v) {
      case "":
      case "1":
      case "true":
      case "yes":
      case "on":
        return true;
      case "0":
      case "false":
      case "no":
      case "off":
        return false;
      default:
        throw new FenceException("parameter '" + name + "' must be 0 or 1");
    }
  }

  /** Parameter names for messages (values left out: one of them may be a credential). */
  @Override
  public String toString() {
    return "AgentParameters" + values.keySet();
  }
}
