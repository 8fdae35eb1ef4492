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
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A stand-in API server on a local port: answers the paths it is given with fixed JSON, any other
 * with 404, and records what was asked, so that the plugin's requests can be checked. A watch
 * ({@code ?watch=true}) of a path is held open and given the events sent to that path.
 */
public final class TestingApiServer implements AutoCloseable {
  private static final String NOT_FOUND =
      "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\",\"reason\":\"NotFound\","
          + "\"code\":404,\"message\":\"not found\"}";

  private final HttpServer server;
  private final Map<String, String> answers = new ConcurrentHashMap<>();
  private final List<String> requests = new CopyOnWriteArrayList<>();
  private final Map<String, LinkedBlockingQueue<String>> watches = new ConcurrentHashMap<>();
  private final ExecutorService exchanges = Executors.newCachedThreadPool();
  private volatile boolean closed;

  /** What GET /version answers unless told otherwise. */
  private static final String VERSION =
      "{\"major\":\"1\",\"minor\":\"34\",\"gitVersion\":\"v1.34.4\"}";

  public TestingApiServer() {
    this(0);
  }

  /** One on {@code port} (0: any free port), e.g. to come back where a closed one was. */
  public TestingApiServer(int port) {
    try {
      server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.createContext(
        "/",
        exchange -> {
          String path = exchange.getRequestURI().getPath();
          String query = exchange.getRequestURI().getQuery();
          boolean watch = query != null && query.contains("watch=true");
          requests.add(exchange.getRequestMethod() + " " + path + (watch ? " (watch)" : ""));
          exchange.getRequestBody().readAllBytes();
          String upgrade = exchange.getRequestHeaders().getFirst("Upgrade");
          if (watch && upgrade != null && upgrade.equalsIgnoreCase("websocket")) {
            // No WebSocket here: a 200 without a body, as from a server without them; the client
            // then watches over plain HTTP.
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
            return;
          }
          if (watch) {
            stream(exchange, watches.computeIfAbsent(path, p -> new LinkedBlockingQueue<>()));
            return;
          }
          String body = answers.get(exchange.getRequestMethod() + " " + path);
          if (body == null && "GET /version".equals(exchange.getRequestMethod() + " " + path)) {
            body = VERSION;
          }
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
    server.setExecutor(exchanges);
    server.start();
  }

  /** Holds a watch open, writing each event sent to its path as one line, until closed. */
  private void stream(
      com.sun.net.httpserver.HttpExchange exchange, LinkedBlockingQueue<String> events)
      throws IOException {
    exchange.getResponseHeaders().add("Content-Type", "application/json");
    exchange.sendResponseHeaders(200, 0);
    try (var body = exchange.getResponseBody()) {
      body.flush(); // the headers now: the client's watch is open once it has them
      while (!closed) {
        String event = events.poll(100, TimeUnit.MILLISECONDS);
        if (event != null) {
          body.write((event + "\n").getBytes(StandardCharsets.UTF_8));
          body.flush();
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (IOException e) {
      // The client went away: the watch ends.
    }
  }

  /** Sends a watch event ({"type": ..., "object": ...}) to the watches of this path. */
  public TestingApiServer event(String path, String type, String objectJson) {
    watches
        .computeIfAbsent(path, p -> new LinkedBlockingQueue<>())
        .add("{\"type\":\"" + type + "\",\"object\":" + objectJson + "}");
    return this;
  }

  /** Answers METHOD PATH (e.g. "GET /apis/...") with this JSON. */
  public TestingApiServer answer(String request, String json) {
    answers.put(request, json);
    return this;
  }

  public List<String> requests() {
    return List.copyOf(requests);
  }

  public int port() {
    return server.getAddress().getPort();
  }

  public String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  @Override
  public void close() {
    closed = true;
    server.stop(0);
    exchanges.shutdownNow();
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
