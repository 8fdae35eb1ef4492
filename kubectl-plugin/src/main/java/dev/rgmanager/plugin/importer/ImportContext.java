package dev.rgmanager.plugin.importer;

import java.util.LinkedHashMap;
import java.util.Map;

/** What the parts of an import share: the target namespace and the names given so far. */
final class ImportContext {
  static final String API_VERSION = "rgmanager.dev/v1alpha1";

  final String clusterName;
  final String namespace;

  /** cluster.conf fence device name to FenceDevice name. */
  final Map<String, String> fenceDevices = new LinkedHashMap<>();

  /** cluster.conf failover domain name to FailoverDomain name (only domains that were emitted). */
  final Map<String, String> domains = new LinkedHashMap<>();

  ImportContext(String clusterName, String namespace) {
    this.clusterName = clusterName;
    this.namespace = namespace;
  }

  /** A Go duration for a count of seconds, the unit of fence_daemon and rm attributes. */
  static String seconds(String value) {
    return Long.parseLong(value.trim()) + "s";
  }

  /** A Go duration for a count of milliseconds, the unit of totem's token. */
  static String millis(String value) {
    long ms = Long.parseLong(value.trim());
    return ms % 1000 == 0 ? ms / 1000 + "s" : ms + "ms";
  }

  static boolean isCount(String value) {
    return value.trim().matches("[0-9]{1,9}");
  }
}
