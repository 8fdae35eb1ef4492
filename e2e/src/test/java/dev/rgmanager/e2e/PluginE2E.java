package dev.rgmanager.e2e;

import static dev.rgmanager.e2e.FencingE2E.member;
import static dev.rgmanager.e2e.FencingE2E.where;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rgmanager.api.v1alpha1.ClusterService;
import dev.rgmanager.api.v1alpha1.HACluster;
import dev.rgmanager.api.v1alpha1.MemberState;
import dev.rgmanager.operator.testing.Await;
import dev.rgmanager.operator.testing.ControlPlane;
import dev.rgmanager.operator.testing.Manifests;
import dev.rgmanager.operator.testing.RepoPaths;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kubectl cluster-status} against a running cluster, as an administrator uses it: the
 * clustat view (golden, timestamps masked), {@code -o json} parsed back, and every clusvcadm
 * command, with its refusals and exit codes.
 */
@RealCluster
class PluginE2E {
  private static final Duration WAIT = Duration.ofSeconds(120);
  private static final ObjectMapper JSON = new ObjectMapper();
  // A node the test put in standby and has not taken out again: uncordoned whatever happens.
  private String standbyNode;

  private static String manifests(String ns) {
    return Manifests.REAL_CLUSTER.cluster(false)
        + Manifests.REAL_CLUSTER.orderedDomain(ns)
        + Manifests.REAL_CLUSTER.appService(ns, "web", "abc")
        + Manifests.REAL_CLUSTER.appService(ns, "batch", null, "autostart: false");
  }

  /** The view with what changes from run to run masked: times, ages and the namespace. */
  static String masked(String view, String ns) {
    return view.replace(ns, "<ns>")
        .replaceAll("\\d{4}-\\d{2}-\\d{2}[T ]\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?Z?", "<time>")
        .replaceAll("\\w{3} \\w{3} +\\d+ \\d{2}:\\d{2}:\\d{2} \\d{4}", "<now>");
  }

  @Test
  void theAdministratorsCommandsOnARunningCluster(
      KubernetesClient c, TestNamespace ns, ControlPlane cp, @TempDir Path tmp) throws Exception {
    Manifests.apply(c, manifests(ns.name()));
    Plugin kubectl = new Plugin(cp.kubeconfig());
    String web = ns.name() + "/web";
    try (OperatorProcess operator = OperatorProcess.start(cp.kubeconfig(), "plugin")) {
      Await.REAL_CLUSTER.until(
          "web started on node-1",
          WAIT,
          () -> where(c, ns.name(), "web"),
          "STARTED@node-1"::equals);
      Await.REAL_CLUSTER.until(
          "batch disabled",
          WAIT,
          () -> c.resources(ClusterService.class).inNamespace(ns.name()).withName("batch").get(),
          s -> s.getStatus() != null && "DISABLED".equals(String.valueOf(s.getStatus().state())));

      // The clustat view.
      Plugin.Result view = kubectl.run("-n", ns.name(), "--no-color");
      assertThat(view.exit()).as(view.toString()).isZero();
      Path golden = RepoPaths.root().resolve("e2e/src/test/resources/golden/cluster-status.txt");
      if (Boolean.getBoolean("golden.update")) {
        Files.createDirectories(golden.getParent());
        Files.writeString(golden, masked(view.out(), ns.name()));
      }
      assertThat(masked(view.out(), ns.name())).isEqualTo(Files.readString(golden));

      // -o json, parsed back.
      Plugin.Result json = kubectl.run("-n", ns.name(), "-o", "json");
      assertThat(json.exit()).as(json.toString()).isZero();
      JsonNode status = JSON.readTree(json.out());
      assertThat(status.toString()).contains("\"node-1\"", "\"node-2\"", "\"node-3\"");
      assertThat(status.findValues("quorate").get(0).asBoolean()).isTrue();
      JsonNode services = status.get("services");
      assertThat(services.get(web).get("state").asText()).isEqualTo("started");
      assertThat(services.get(web).get("owner").asText()).isEqualTo("node-1");
      assertThat(services.get(ns.name() + "/batch").get("state").asText()).isEqualTo("disabled");

      // clustat -s and -m: only that service, only that member, in text and json.
      Plugin.Result one = kubectl.run("-s", web, "--no-color");
      assertThat(one.exit()).as(one.toString()).isZero();
      assertThat(one.out())
          .startsWith(" Service Name ")
          .contains(" " + web + " ")
          .doesNotContain("batch", "Member Name", "Cluster Status for");
      Plugin.Result node = kubectl.run("-m", "node-2", "-o", "json");
      assertThat(node.exit()).as(node.toString()).isZero();
      JsonNode members = JSON.readTree(node.out()).get("members");
      assertThat(members).hasSize(1);
      assertThat(members.get(0).get("name").asText()).isEqualTo("node-2");
      assertThat(members.get(0).get("state").asText()).isEqualTo("online");
      assertThat(members.get(0).has("heartbeatAtTransition")).isTrue();
      assertThat(members.get(0).has("lastHeartbeat")).isFalse();
      assertThat(JSON.readTree(node.out()).has("services")).isFalse();
      // An unknown service or member: one line naming where it was looked for, exit 1.
      Plugin.Result noService = kubectl.run("-s", "nope", "-n", ns.name());
      assertThat(noService.exit()).as(noService.toString()).isEqualTo(1);
      assertThat(noService.out()).isEmpty();
      assertThat(noService.err().strip())
          .isEqualTo(
              "error: unknown service nope: not found in namespace "
                  + ns.name()
                  + " (kubectl get clusterservices -A lists them)");
      Plugin.Result noMember = kubectl.run("-m", "node-9");
      assertThat(noMember.exit()).as(noMember.toString()).isEqualTo(1);
      assertThat(noMember.err().strip())
          .startsWith("error: unknown member node-9: not a member of HACluster e2e (its members: ")
          .contains("node-1, node-2, node-3")
          .doesNotContain("\n");

      // relocate to a named node; the view shows the new owner.
      Plugin.Result relocate = kubectl.run("relocate", web, "-m", "node-2");
      assertThat(relocate.exit()).as(relocate.toString()).isZero();
      assertThat(relocate.out()).contains("relocate done on node-2");
      assertThat(where(c, ns.name(), "web")).isEqualTo("STARTED@node-2");

      // freeze: every other operation is refused, with the reason and exit 1.
      assertThat(kubectl.run("freeze", web).exit()).isZero();
      Plugin.Result frozen = kubectl.run("relocate", web);
      assertThat(frozen.exit()).as(frozen.toString()).isEqualTo(1);
      assertThat(frozen.out()).contains("refused").contains("frozen");
      assertThat(kubectl.run("unfreeze", web).exit()).isZero();

      // restart in place.
      Plugin.Result restart = kubectl.run("restart", web);
      assertThat(restart.exit()).as(restart.toString()).isZero();
      assertThat(restart.out()).contains("restart done on node-2");

      // disable; relocating a disabled service is refused; enable on a named node.
      Plugin.Result disable = kubectl.run("disable", web);
      assertThat(disable.exit()).as(disable.toString()).isZero();
      assertThat(disable.out()).contains("now disabled");
      Plugin.Result refused = kubectl.run("relocate", web, "-m", "node-1");
      assertThat(refused.exit()).as(refused.toString()).isEqualTo(1);
      assertThat(refused.out()).contains("refused").contains("disabled");
      Plugin.Result enable = kubectl.run("enable", web, "-m", "node-3");
      assertThat(enable.exit()).as(enable.toString()).isZero();
      assertThat(enable.out()).contains("now started on node-3");

      // migrate is for VM services only.
      Plugin.Result migrate = kubectl.run("migrate", web, "-m", "node-1");
      assertThat(migrate.exit()).as(migrate.toString()).isEqualTo(1);
      assertThat(migrate.out()).contains("refused").contains("only for VM services");

      // stop, then enable without a node: the domain's best node.
      Plugin.Result stop = kubectl.run("stop", web);
      assertThat(stop.exit()).as(stop.toString()).isZero();
      assertThat(stop.out()).contains("now stopped");
      assertThat(kubectl.run("enable", web).out()).contains("now started on node-1");

      // --no-wait returns at once with the request written.
      Plugin.Result noWait = kubectl.run("relocate", web, "--no-wait");
      assertThat(noWait.exit()).isZero();
      assertThat(noWait.out()).contains("relocate requested");
      Await.REAL_CLUSTER.until(
          "web relocated away from node-1",
          WAIT,
          () -> where(c, ns.name(), "web"),
          w -> w.startsWith("STARTED@") && !w.equals("STARTED@node-1"));

      // Errors are one clear line and a non-zero exit.
      Plugin.Result unknown = kubectl.run("disable", ns.name() + "/nope");
      assertThat(unknown.exit()).isEqualTo(1);
      assertThat(unknown.err().strip()).startsWith("error: unknown service").doesNotContain("\n");
      Path dead = tmp.resolve("dead-kubeconfig");
      Files.writeString(
          dead,
          Files.readString(cp.kubeconfig())
              .replaceAll("https://127.0.0.1:\\d+", "https://127.0.0.1:1"));
      Plugin.Result offline = new Plugin(dead).run("-n", ns.name());
      assertThat(offline.exit()).as(offline.toString()).isNotZero();
      assertThat(offline.err()).contains("no cluster connection");

      // standby: the member's services move off and nothing starts there; unstandby ends it.
      String owner = where(c, ns.name(), "web").substring("STARTED@".length());
      standbyNode = owner;
      Plugin.Result standby = kubectl.run("standby", owner);
      assertThat(standby.exit()).as(standby.toString()).isZero();
      assertThat(standby.out()).contains(owner + ": in standby; no service runs there");
      assertThat(where(c, ns.name(), "web")).startsWith("STARTED@").doesNotEndWith("@" + owner);
      assertThat(kubectl.run("-m", owner, "--no-color").out()).contains("Online, Standby");
      Plugin.Result notThere = kubectl.run("relocate", web, "-m", owner);
      assertThat(notThere.exit()).as(notThere.toString()).isEqualTo(1);
      assertThat(notThere.out()).contains("refused").contains(owner + " is in standby");
      Plugin.Result unstandby = kubectl.run("unstandby", owner);
      assertThat(unstandby.exit()).as(unstandby.toString()).isZero();
      assertThat(unstandby.out()).contains(owner + ": out of standby");
      standbyNode = null;
      Plugin.Result notAMember = kubectl.run("standby", "node-9");
      assertThat(notAMember.exit()).isEqualTo(1);
      assertThat(notAMember.out()).contains("node-9 is not a member");

      // fence-ack: refused for an online node; asks for confirmation; records it with --yes.
      Plugin.Result online = kubectl.run("fence-ack", "node-1", "--yes");
      assertThat(online.exit()).isEqualTo(1);
      assertThat(online.out()).contains("refused").contains("online");
      cp.failNode("node-3");
      Await.REAL_CLUSTER.until(
          "node-3 lost, waiting for an acknowledgement",
          WAIT,
          () -> member(c, "node-3"),
          m -> m != null && m.state() == MemberState.OFFLINE && m.message().contains("fence-ack"));
      Plugin.Result declined = kubectl.runWithInput("no\n", "fence-ack", "node-3");
      assertThat(declined.exit()).isEqualTo(1);
      assertThat(declined.out()).contains("WARNING").contains("not acknowledged");
      assertThat(member(c, "node-3").state()).isEqualTo(MemberState.OFFLINE);
      Plugin.Result acked = kubectl.runWithInput("node-3\n", "fence-ack", "node-3");
      assertThat(acked.exit()).as(acked.toString()).isZero();
      assertThat(acked.out()).contains("node-3: fenced (manual)");
      assertThat(member(c, "node-3").fencedBy()).isEqualTo("manual");
    } finally {
      if (standbyNode != null) {
        c.nodes()
            .withName(standbyNode)
            .patch(
                io.fabric8.kubernetes.client.dsl.base.PatchContext.of(
                    io.fabric8.kubernetes.client.dsl.base.PatchType.JSON_MERGE),
                "{\"spec\":{\"unschedulable\":null}}");
      }
      cp.recoverNode("node-3");
      c.resources(HACluster.class).withName("e2e").delete();
    }
  }
}
