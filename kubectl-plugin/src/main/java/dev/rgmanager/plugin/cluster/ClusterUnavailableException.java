package dev.rgmanager.plugin.cluster;

/** The plugin cannot talk to a cluster: its one-line reason, shown to the user as it is. */
public final class ClusterUnavailableException extends RuntimeException {
  public ClusterUnavailableException(String message) {
    super(message);
  }
}
