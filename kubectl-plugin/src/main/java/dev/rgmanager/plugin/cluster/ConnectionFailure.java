package dev.rgmanager.plugin.cluster;

import io.fabric8.kubernetes.client.Config;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.UnresolvedAddressException;

/**
 * Words a failed connection: the JDK's HTTP client reports a refused connection or an unknown host
 * as a bare exception without a message ({@code ClosedChannelException}, {@code
 * UnresolvedAddressException}), so the server is dialled once more with a plain socket, whose error
 * says what the system said ("Connection refused", "Name or service not known").
 */
final class ConnectionFailure {
  private ConnectionFailure() {}

  /** The reason for the failure, in one line. */
  static String reason(Throwable e, Config config) {
    if (!wordless(e)) {
      return ClusterAccess.summary(e);
    }
    String probed = probe(dialled(config), ClusterAccess.CONNECT_TIMEOUT_MS);
    return probed != null ? probed : ClusterAccess.summary(e);
  }

  /** True when the failure is the JDK client's: a connection error with no message anywhere. */
  static boolean wordless(Throwable e) {
    boolean connection = false;
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof ClosedChannelException || t instanceof UnresolvedAddressException) {
        connection = true;
      } else if (t instanceof ConnectException && (t.getMessage() == null)) {
        connection = true;
      }
      if (t.getCause() == null) {
        return connection && (t.getMessage() == null || t.getMessage().isBlank());
      }
    }
    return false;
  }

  /**
   * Where the client connects: the proxy, if one is set for the server's scheme, else the server.
   */
  static URI dialled(Config config) {
    String server = config.getMasterUrl();
    String proxy = server.startsWith("https:") ? config.getHttpsProxy() : config.getHttpProxy();
    return URI.create(proxy != null && !proxy.isBlank() ? proxy : server);
  }

  /** The system's error on connecting to the server, or null if it connects (or cannot be told). */
  static String probe(URI target, int timeoutMs) {
    if (target.getHost() == null) {
      return null;
    }
    int port =
        target.getPort() > 0 ? target.getPort() : "http".equals(target.getScheme()) ? 80 : 443;
    try (Socket socket = new Socket()) {
      // Resolved first: the resolver's error names the host and says why ("Name or service not
      // known"), where an unresolved address would give the bare host name.
      socket.connect(
          new InetSocketAddress(InetAddress.getByName(target.getHost()), port), timeoutMs);
      return null;
    } catch (UnknownHostException failure) {
      return "unknown host " + failure.getMessage();
    } catch (IOException failure) {
      String message = failure.getMessage();
      return message == null || message.isBlank() ? failure.getClass().getSimpleName() : message;
    }
  }
}
