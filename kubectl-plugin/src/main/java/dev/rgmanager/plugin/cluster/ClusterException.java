package dev.rgmanager.plugin.cluster;

/**
 * The cluster could not be used: its one-line reason, shown to the user as it is (exit 1), and the
 * failure behind it, whose stack trace {@code --debug} adds.
 */
public final class ClusterException extends RuntimeException {
  public ClusterException(String message) {
    super(message);
  }

  public ClusterException(String message, Throwable cause) {
    super(message, cause);
  }
}
