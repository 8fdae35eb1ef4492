package dev.rgmanager.plugin.status;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.rgmanager.api.v1alpha1.ClusterService;
import dev.rgmanager.api.v1alpha1.HACluster;
import dev.rgmanager.plugin.cluster.ClusterAccess;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.PrintStream;
import java.time.Clock;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The clustat view: reads the HACluster and the services and prints them, once or every N seconds.
 */
public final class StatusCommand {
  private StatusCommand() {}

  public static int run(StatusOptions o, PrintStream out, PrintStream err, Clock clock) {
    if (!List.of("text", "json", "yaml").contains(o.output)) {
      err.println("error: -o must be text, json or yaml, not " + o.output);
      return 2;
    }
    try (KubernetesClient client = ClusterAccess.connect(o.namespace)) {
      while (true) {
        Snapshot s = Snapshot.read(client, o.allNamespaces ? null : o.namespace);
        if (o.interval != null && "text".equals(o.output)) {
          out.print("\u001b[H\u001b[2J");
        }
        out.print(
            format(
                s,
                o,
                clock,
                System.console() != null && !o.noColor && System.getenv("NO_COLOR") == null));
        out.flush();
        if (o.interval == null || o.interval <= 0) {
          return 0;
        }
        Thread.sleep(o.interval * 1000L);
      }
    } catch (KubernetesClientException e) {
      err.println("error: " + ClusterAccess.explain(e));
      return 1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 0;
    }
  }

  static String format(Snapshot s, StatusOptions o, Clock clock, boolean colour) {
    if ("text".equals(o.output)) {
      return ClusterStatusView.render(s.cluster(), s.services(), clock.instant(), colour);
    }
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("cluster", s.cluster() == null ? null : s.cluster().getMetadata().getName());
    doc.put("status", s.cluster() == null ? null : s.cluster().getStatus());
    Map<String, Object> services = new LinkedHashMap<>();
    for (ClusterService svc : s.services()) {
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
    doc.put("services", services);
    ObjectMapper mapper =
        "json".equals(o.output) ? new ObjectMapper() : new ObjectMapper(new YAMLFactory());
    try {
      return mapper.enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(doc) + "\n";
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
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
