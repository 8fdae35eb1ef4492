import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.FileInputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * The training runs' API server (build-cds-archive): HTTPS on a loopback port, answering the view's
 * two lists and an operation's read and edit with one small object each, so that the archive holds
 * the TLS handshake, the HTTP exchange and the reading of both kinds, not only their set-up.
 * Arguments: KEYSTORE (PKCS12) PASSWORD PORT-FILE; it writes its port there and serves until killed.
 */
public final class TrainingApiServer {
  private static final String GROUP = "/apis/rgmanager.dev/v1alpha1/";
  private static final String CLUSTER =
      "{\"apiVersion\":\"rgmanager.dev/v1alpha1\",\"kind\":\"HACluster\",\"metadata\":{\"name\":"
          + "\"training\",\"resourceVersion\":\"1\"},\"spec\":{\"nodes\":[{\"name\":\"node-1\","
          + "\"votes\":1}]},\"status\":{\"quorate\":true,\"votes\":1,\"expectedVotes\":1,"
          + "\"quorumVotes\":1,\"members\":[{\"name\":\"node-1\",\"state\":\"online\",\"votes\":1}]}}";
  private static final String SERVICE =
      "{\"apiVersion\":\"rgmanager.dev/v1alpha1\",\"kind\":\"ClusterService\",\"metadata\":{"
          + "\"name\":\"foo\",\"namespace\":\"default\",\"resourceVersion\":\"1\",\"generation\":1},"
          + "\"spec\":{\"resources\":[]},\"status\":{\"state\":\"started\",\"owner\":\"node-1\","
          + "\"lastTransitionTime\":\"2026-01-01T00:00:00Z\"}}";

  public static void main(String[] args) throws Exception {
    char[] password = args[1].toCharArray();
    KeyStore keys = KeyStore.getInstance("PKCS12");
    try (FileInputStream in = new FileInputStream(args[0])) {
      keys.load(in, password);
    }
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(keys, password);
    SSLContext tls = SSLContext.getInstance("TLS");
    tls.init(kmf.getKeyManagers(), null, null);
    HttpsServer server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.setHttpsConfigurator(new HttpsConfigurator(tls));
    server.createContext(
        "/",
        exchange -> {
          String path = exchange.getRequestURI().getPath();
          exchange.getRequestBody().readAllBytes();
          String body;
          if (path.endsWith("/haclusters")) {
            body = list("HAClusterList", CLUSTER);
          } else if (path.endsWith("/clusterservices")) {
            body = list("ClusterServiceList", SERVICE);
          } else if (path.startsWith(GROUP) && path.endsWith("/clusterservices/foo")) {
            body = SERVICE;
          } else {
            body = null;
          }
          byte[] bytes =
              (body != null
                      ? body
                      : "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\","
                          + "\"reason\":\"NotFound\",\"code\":404,\"message\":\"not found\"}")
                  .getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().add("Content-Type", "application/json");
          exchange.sendResponseHeaders(body != null ? 200 : 404, bytes.length);
          exchange.getResponseBody().write(bytes);
          exchange.close();
        });
    server.start();
    java.nio.file.Files.writeString(
        java.nio.file.Path.of(args[2]), Integer.toString(server.getAddress().getPort()));
  }

  private static String list(String kind, String item) {
    return "{\"apiVersion\":\"rgmanager.dev/v1alpha1\",\"kind\":\"" + kind
        + "\",\"metadata\":{\"resourceVersion\":\"1\"},\"items\":[" + item + "]}";
  }
}
