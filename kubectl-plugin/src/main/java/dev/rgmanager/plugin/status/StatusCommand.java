package dev.rgmanager.plugin.status;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.rgmanager.api.v1alpha1.ClusterService;
import dev.rgmanager.api.v1alpha1.HACluster;
import dev.rgmanager.plugin.cluster.ClusterAccess;
import dev.rgmanager.plugin.cluster.ClusterConnection;
import dev.rgmanager.plugin.cluster.ClusterException;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The clustat view: reads the HACluster and the services and prints them, once or every N seconds.
 */
public final class StatusCommand {
  private static final String CLEAR_SCREEN = "\u001b[H\u001b[2J";

  private StatusCommand() {}

  /**
   * Prints the view once, or every {@code -i} seconds: on a terminal each frame replaces the last
   * (clear screen), into a pipe or a file the frames follow one another, separated plainly.
   */
  public static int run(
      StatusOptions o, PrintWriter out, PrintWriter err, Clock clock, boolean terminal) {
    if (!List.of("text", "json", "yaml").contains(o.output)) {
      err.println("error: -o must be text, json or yaml, not " + o.output);
      err.flush();
      return 2;
    }
    StatusFilter filter;
    try {
      filter = StatusFilter.of(o);
    } catch (StatusFilter.UsageException e) {
      err.println("error: " + e.getMessage());
      err.flush();
      return 2;
    }
    boolean colour = terminal && !o.noColor && System.getenv("NO_COLOR") == null;
    try (ClusterConnection cluster = ClusterAccess.connect(o.connection.kubeconfig, o.namespace)) {
      try {
        if (o.interval == null || o.interval <= 0) {
          Snapshot s = Snapshot.read(cluster.client(), filter.namespace());
          out.print(frame(format(s, o, clock, colour), 0, o.output, terminal));
          out.flush();
          return 0;
        }
        // Refreshing: one list and a watch on the one client, each frame read from memory. Once
        // the view is up, an API server that stops answering is said, not fatal: the view keeps
        // the last cluster it saw, says since when, and reads again at each interval.
        try (LiveSnapshots live = new LiveSnapshots(cluster.client(), filter.namespace())) {
          Snapshot last = live.read();
          Instant lastAt = clock.instant();
          Instant downSince = null;
          for (int frame = 0; ; frame++) {
            String banner = "";
            if (frame > 0) {
              try {
                last = live.read();
                lastAt = clock.instant();
                downSince = null;
              } catch (KubernetesClientException e) {
                downSince = downSince == null ? clock.instant() : downSince;
                banner = Unanswered.banner(cluster.explain(e), downSince, lastAt, o.interval);
              }
            }
            if (!banner.isEmpty() && !"text".equals(o.output)) {
              err.println(banner.strip());
              err.flush();
            } else {
              out.print(frame(banner + format(last, o, clock, colour), frame, o.output, terminal));
              out.flush();
            }
            Thread.sleep(o.interval * 1000L);
          }
        }
      } catch (KubernetesClientException e) {
        // One line from the command line's handler (the stack trace with --debug).
        throw new ClusterException(cluster.explain(e), e);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 0;
    } finally {
      err.flush();
    }
  }

  /**
   * One frame of the refreshing view: after a clear screen on a terminal, else after a separator.
   */
  static String frame(String body, int index, String output, boolean terminal) {
    if (terminal && "text".equals(output)) {
      return CLEAR_SCREEN + body;
    }
    if (index == 0) {
      return body;
    }
    return switch (output) {
      case "yaml" -> "---\n" + body;
      case "json" -> body;
      default -> "\n" + body;
    };
  }

  /**
   * One frame in the format asked for. JSON and YAML hold what the text shows: the whole status and
   * every service, or, narrowed by {@code -m}/{@code -s}, only the members and services asked for.
   * An unknown service or member is thrown as one line (exit 1).
   */
  static String format(Snapshot s, StatusOptions o, Clock clock, boolean colour) {
    StatusFilter filter = StatusFilter.of(o);
    if ("text".equals(o.output)) {
      return ClusterStatusView.render(s.cluster(), s.services(), filter, clock.instant(), colour);
    }
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("cluster", s.cluster() == null ? null : s.cluster().getMetadata().getName());
    if (filter.showsAll()) {
      doc.put("status", s.cluster() == null ? null : s.cluster().getStatus());
    }
    if (filter.member() != null) {
      doc.put("members", filter.members(s.cluster()));
    }
    if (filter.showsAll() || filter.service() != null) {
      doc.put("services", services(filter.services(s.services())));
    }
    ObjectMapper mapper =
        "json".equals(o.output) ? new ObjectMapper() : new ObjectMapper(new YAMLFactory());
    try {
      return mapper.enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(doc) + "\n";
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Each service's clustat line, keyed NAMESPACE/NAME. */
  private static Map<String, Object> services(List<ClusterService> shown) {
    Map<String, Object> services = new LinkedHashMap<>();
    for (ClusterService svc : shown) {
      Map<String, Object> line = new LinkedHashMap<>();
      line.put(
          "state",
          svc.getStatus() == null || svc.getStatus().state() == null
              ? null
              : svc.getStatus().state().name().toLowerCase());
      line.put("owner", svc.getStatus() == null ? null : svc.getStatus().owner());
      line.put("lastOwner", svc.getStatus() == null ? null : svc.getStatus().lastOwner());
      line.put("frozen", svc.getSpec().frozenOrDefault());
      line.put(
          "lastTransitionTime",
          svc.getStatus() == null ? null : svc.getStatus().lastTransitionTime());
      services.put(svc.getMetadata().getNamespace() + "/" + svc.getMetadata().getName(), line);
    }
    return services;
  }

  /** One read of the cluster. */
  record Snapshot(HACluster cluster, List<ClusterService> services) {
    static Snapshot read(KubernetesClient client, String namespace) {
      HACluster cluster =
          client.resources(HACluster.class).list().getItems().stream()
              .min(Comparator.comparing(c -> c.getMetadata().getName()))
              .orElse(null);
      var op = client.resources(ClusterService.class);
      List<ClusterService> services =
          namespace == null
              ? op.inAnyNamespace().list().getItems()
              : op.inNamespace(namespace).list().getItems();
      return new Snapshot(cluster, services);
    }
  }
}
