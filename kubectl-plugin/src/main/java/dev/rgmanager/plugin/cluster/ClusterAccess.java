package dev.rgmanager.plugin.cluster;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Opens the cluster connection the way kubectl does (--kubeconfig, KUBECONFIG or ~/.kube/config,
 * the current context and its namespace, else default) and answers at once when it cannot: a
 * missing or unreadable kubeconfig is named, a server that does not answer is given a few seconds.
 */
public final class ClusterAccess {
  /** A server that accepts no connection within this is reported, not waited for. */
  public static final int CONNECT_TIMEOUT_MS = 3_000;

  /** One API call's limit; the plugin's calls are small reads and edits. */
  public static final int REQUEST_TIMEOUT_MS = 10_000;

  /**
   * No retries: the client library retries failed requests with a growing backoff (ten times by
   * default, some twenty seconds against a dead server), while a user at a prompt wants the answer.
   */
  public static final int REQUEST_RETRIES = 0;

  /**
   * A watch (the refreshing view's) reconnects this often before it gives up: an API server that
   * closes a watch or restarts is followed, one that is gone ends the view within seconds instead
   * of leaving it showing what it last saw (the client library's default is to retry for ever).
   */
  public static final int WATCH_RECONNECTS = 3;

  private static final Pattern POSITION = Pattern.compile("line:? (\\d+), column:? (\\d+)");

  private ClusterAccess() {}

  /** Connects with the kubeconfig named on the command line, if any, else kubectl's. */
  public static ClusterConnection connect(String kubeconfigFlag, String namespace) {
    Kubeconfig source = Kubeconfig.locate(kubeconfigFlag);
    Config config = config(source, namespace);
    try {
      return new ClusterConnection(
          new KubernetesClientBuilder()
              .withConfig(config)
              .withKubernetesSerialization(ClientPreparation.serialization())
              .build(),
          config,
          source);
    } catch (RuntimeException e) {
      throw new ClusterException(
          "kubeconfig " + source.describe() + ": cannot set up the client: " + summary(e), e);
    }
  }

  /** The client configuration: the kubeconfig's context, the namespace, quick failure. */
  public static Config config(Kubeconfig source, String namespace) {
    Config config = load(source);
    if (namespace != null && !namespace.isBlank()) {
      config.setNamespace(namespace);
    } else if (config.getNamespace() == null || config.getNamespace().isBlank()) {
      // kubectl's rule: a context without a namespace means the namespace default.
      config.setNamespace("default");
    }
    config.setConnectionTimeout(CONNECT_TIMEOUT_MS);
    config.setRequestTimeout(REQUEST_TIMEOUT_MS);
    config.setRequestRetryBackoffLimit(REQUEST_RETRIES);
    config.setWatchReconnectLimit(WATCH_RECONNECTS);
    return config;
  }

  private static Config load(Kubeconfig source) {
    List<Path> existing = source.existing();
    if (existing.isEmpty()) {
      if (source.namedBy() == null && System.getenv("KUBERNETES_SERVICE_HOST") != null) {
        // In a pod without a kubeconfig: its service account, as kubectl does.
        return Config.autoConfigure(null);
      }
      throw new ClusterException(source.missing());
    }
    Config first = null;
    for (Path file : existing) {
      Config parsed = parse(file, source);
      first = first == null ? parsed : first;
    }
    // Several files (a KUBECONFIG list) are merged by the client library as kubectl merges them.
    Config config = existing.size() == 1 ? first : autoConfigure(source);
    if (config.getCurrentContext() == null) {
      throw new ClusterException(
          "kubeconfig "
              + source.describe()
              + " has no current context (kubectl config use-context NAME)");
    }
    return config;
  }

  private static Config parse(Path file, Kubeconfig source) {
    String text;
    try {
      text = Files.readString(file);
    } catch (IOException e) {
      throw new ClusterException(
          "kubeconfig " + source.describe(file) + " cannot be read: " + summary(e), e);
    }
    if (text.isBlank()) {
      throw new ClusterException("kubeconfig " + source.describe(file) + " is empty");
    }
    try {
      return Config.fromKubeconfig(null, text, file.toString());
    } catch (RuntimeException e) {
      throw new ClusterException(
          "kubeconfig " + source.describe(file) + " cannot be parsed: " + summary(e), e);
    }
  }

  private static Config autoConfigure(Kubeconfig source) {
    try {
      return Config.autoConfigure(null);
    } catch (RuntimeException e) {
      throw new ClusterException(
          "kubeconfig " + source.describe() + " cannot be parsed: " + summary(e), e);
    }
  }

  /**
   * The problem of a failure in one line: a parser's message without the quoted lines of the file
   * (they may hold a token), with the position if it has one.
   */
  static String summary(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String message = root.getMessage();
    if (message == null || message.isBlank()) {
      return root.getClass().getSimpleName();
    }
    List<String> unindented =
        message.lines().filter(l -> !l.isBlank() && !Character.isWhitespace(l.charAt(0))).toList();
    String problem =
        unindented.isEmpty() ? message.strip() : unindented.get(unindented.size() - 1).strip();
    Matcher at = POSITION.matcher(message);
    return at.find() && !POSITION.matcher(problem).find()
        ? problem + " (line " + at.group(1) + ", column " + at.group(2) + ")"
        : problem;
  }
}
