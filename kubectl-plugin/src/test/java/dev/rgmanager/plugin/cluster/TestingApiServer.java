package dev.rgmanager.plugin.cluster;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A stand-in API server on a local port: answers the paths it is given with fixed JSON, any other
 * with 404, and records what was asked, so that the plugin's requests can be checked.
 */
public final class TestingApiServer implements AutoCloseable {
  private static final String NOT_FOUND =
      "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\",\"reason\":\"NotFound\","
          + "\"code\":404,\"message\":\"not found\"}";

  private final HttpServer server;
  private final Map<String, String> answers = new ConcurrentHashMap<>();
  private final List<String> requests = new CopyOnWriteArrayList<>();

  public TestingApiServer() {
    try {
      server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.createContext(
        "/",
        exchange -> {
          String path = exchange.getRequestURI().getPath();
          requests.add(exchange.getRequestMethod() + " " + path);
          exchange.getRequestBody().readAllBytes();
          String body = answers.get(exchange.getRequestMethod() + " " + path);
          if (body == null && "PATCH".equals(exchange.getRequestMethod())) {
            // An edit is answered with the object as it was read: enough for the plugin to go on.
            body = answers.get("GET " + path);
          }
          byte[] bytes = (body == null ? NOT_FOUND : body).getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().add("Content-Type", "application/json");
          exchange.sendResponseHeaders(body == null ? 404 : 200, bytes.length);
          exchange.getResponseBody().write(bytes);
          exchange.close();
        });
    server.start();
  }

  /** Answers METHOD PATH (e.g. "GET /apis/...") with this JSON. */
  public TestingApiServer answer(String request, String json) {
    answers.put(request, json);
    return this;
  }

  public List<String> requests() {
    return List.copyOf(requests);
  }

  public String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  @Override
  public void close() {
    server.stop(0);
  }

  /** A kubeconfig whose one context points at SERVER, with a namespace if one is given. */
  public static Path kubeconfig(Path dir, String server, String namespace) throws IOException {
    Path file = dir.resolve("kubeconfig-" + System.nanoTime());
    Files.writeString(
        file,
        """
        apiVersion: v1
        kind: Config
        clusters:
        - name: test
          cluster:
            server: %s
        contexts:
        - name: test
          context:
            cluster: test
            user: test
        %s
        current-context: test
        users:
        - name: test
          user:
            token: not-a-secret
        """
            .formatted(server, namespace == null ? "" : "    namespace: " + namespace));
    return file;
  }
}
