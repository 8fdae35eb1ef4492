package dev.rgmanager.plugin.importer;

import java.util.Locale;
import java.util.Set;

/** cluster.conf names turned into Kubernetes names, and the attribute names that hold secrets. */
final class Names {
  private Names() {}

  /** An object name (RFC 1123 subdomain): lower case, dots allowed, at most 253 characters. */
  static String object(String name) {
    return clean(name, "[^a-z0-9.-]", 253);
  }

  /** A resource or method name (RFC 1123 label): no dots, at most 63 characters. */
  static String label(String name) {
    return clean(name, "[^a-z0-9-]", 63);
  }

  private static String clean(String name, String invalid, int max) {
    String text = name.toLowerCase(Locale.ROOT).replaceAll(invalid, "-").replaceAll("-{2,}", "-");
    text = text.replaceAll("^[^a-z0-9]+", "");
    if (text.length() > max) {
      text = text.substring(0, max);
    }
    text = text.replaceAll("[^a-z0-9]+$", "");
    return text.isEmpty() ? "unnamed" : text;
  }

  /**
   * Whether an attribute holds a secret (fence agents' passwd, passwd_script, snmp_priv_passwd and
   * the like): its value is never read into the output.
   */
  static boolean isSecret(String attribute) {
    String name = attribute.toLowerCase(Locale.ROOT);
    return name.contains("passw") || name.contains("secret") || SECRET_WORDS.contains(name);
  }

  private static final Set<String> SECRET_WORDS = Set.of("community", "key_passphrase");
}
