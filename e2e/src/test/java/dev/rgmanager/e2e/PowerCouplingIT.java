package dev.rgmanager.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rgmanager.operator.testing.Await;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Powering a node's simulated BMC off with ipmitool stops the node; powering it on revives it. */
@RealCluster
class PowerCouplingIT {

  static String ipmitool(int port, String... action) throws IOException, InterruptedException {
    List<String> cmd =
        new java.util.ArrayList<>(
            List.of(
                "ipmitool",
                "-I",
                "lanplus",
                "-H",
                "127.0.0.1",
                "-p",
                String.valueOf(port),
                "-U",
                "admin",
                "-P",
                Bmcs.PASSWORD,
                "-C",
                "3",
                "chassis",
                "power"));
    cmd.addAll(List.of(action));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("ipmitool finished").isTrue();
    assertThat(p.exitValue()).as("ipmitool %s: %s", String.join(" ", action), out).isZero();
    return out;
  }

  @Test
  void powerOffMakesTheNodeNotReadyAndPowerOnBringsItBack(KubernetesClient client, Bmcs bmcs)
      throws Exception {
    String node = "node-2";
    int port = bmcs.port(node);
    assertThat(port).isEqualTo(6232);
    Await.REAL_CLUSTER.until(
        node + " Ready",
        Duration.ofSeconds(60),
        () -> NodeFaultIT.ready(client, node),
        "True"::equals);
    Await.REAL_CLUSTER.until(
        "BMC of " + node + " answers",
        Duration.ofSeconds(30),
        () -> {
          try {
            return ipmitool(port, "status");
          } catch (AssertionError | Exception e) {
            return "";
          }
        },
        s -> s.contains("on"));
    try {
      ipmitool(port, "off");
      assertThat(bmcs.powerOn(node)).as("the BMC was told off").isFalse();
      // the chassis reports off once the node has lost its power, not when it is asked
      Await.REAL_CLUSTER.until(
          "the BMC of " + node + " reporting its power off",
          Duration.ofSeconds(10),
          () -> {
            try {
              return ipmitool(port, "status");
            } catch (AssertionError | Exception e) {
              return "";
            }
          },
          s -> s.contains("off"));
      assertThat(bmcs.hasPower(node)).isFalse();
      Await.REAL_CLUSTER.until(
          node + " not Ready after power off",
          Duration.ofSeconds(60),
          () -> NodeFaultIT.ready(client, node),
          s -> !"True".equals(s));
      assertThat(NodeFaultIT.ready(client, "node-1")).isEqualTo("True");
    } finally {
      ipmitool(port, "on");
    }
    Await.REAL_CLUSTER.until(
        node + " Ready after power on",
        Duration.ofSeconds(60),
        () -> NodeFaultIT.ready(client, node),
        "True"::equals);
  }
}
