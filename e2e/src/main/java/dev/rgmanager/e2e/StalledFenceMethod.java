package dev.rgmanager.e2e;

import dev.rgmanager.api.v1alpha1.HACluster;
import dev.rgmanager.operator.testing.Manifests;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A fence method that hangs: the FenceDevice "stalled-bmc" runs the ClusterLabs agent fence_ipmilan
 * (of Debian's fence-agents) against a BMC that never answers (a UDP port held open on 127.0.0.1
 * and never read), with a 3 s timeout, shorter than the agent's own (about 20 s before it gives
 * up): the operator must kill the agent at its timeout and go on to the node's next method. Put in
 * front of a node's methods for one fencing, then removed; the operator's logs say what became of
 * it.
 */
public final class StalledFenceMethod implements AutoCloseable {
  /** The method's name in the HACluster. */
  public static final String METHOD = "stalled";

  /** The method the node is fenced by once the stalled one has timed out. */
  public static final String NEXT = "power";

  private static final String DEVICE = "stalled-bmc";
  private static final String NAMESPACE = "rgmanager-system";

  private final KubernetesClient client;
  private final DatagramSocket bmc;
  private final Path logs;
  private final String logPrefix;

  private StalledFenceMethod(
      KubernetesClient client, DatagramSocket bmc, Path logs, String logPrefix) {
    this.client = client;
    this.bmc = bmc;
    this.logs = logs;
    this.logPrefix = logPrefix;
  }

  /**
   * Takes UDP {@code port} on 127.0.0.1 as the silent BMC and applies the FenceDevice (named by no
   * method yet); the operator's logs are the files in {@code logs} named {@code logPrefix}*.
   */
  public static StalledFenceMethod start(
      KubernetesClient client, int port, Path logs, String logPrefix) throws IOException {
    DatagramSocket bmc =
        new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
    Manifests.apply(
        client,
        """
        apiVersion: rgmanager.dev/v1alpha1
        kind: FenceDevice
        metadata:
          name: DEVICE
          namespace: NAMESPACE
        spec:
          agent: external
          externalAgent: fence_ipmilan
          parameters:
            ip: 127.0.0.1
            ipport: "PORT"
            lanplus: "1"
          credentialsSecretRef:
            name: bmc-credentials
          timeout: 3s
        ---
        """
            .replace("DEVICE", DEVICE)
            .replace("NAMESPACE", NAMESPACE)
            .replace("PORT", String.valueOf(port)));
    return new StalledFenceMethod(client, bmc, logs, logPrefix);
  }

  /** Makes the stalled method the first of node number {@code index}'s fence methods. */
  public void putFirst(String cluster, int index) {
    patch(
        cluster,
        """
        [{"op": "add", "path": "/spec/nodes/INDEX/fenceMethods/0",
          "value": {"name": "METHOD", "devices": [{"device": "DEVICE", "namespace": "NAMESPACE"}]}}]
        """
            .replace("INDEX", String.valueOf(index))
            .replace("METHOD", METHOD)
            .replace("DEVICE", DEVICE)
            .replace("NAMESPACE", NAMESPACE));
  }

  /** Removes the stalled method from node number {@code index}'s (it must be the first). */
  public void remove(String cluster, int index) {
    patch(
        cluster,
        """
        [{"op": "test", "path": "/spec/nodes/INDEX/fenceMethods/0/name", "value": "METHOD"},
         {"op": "remove", "path": "/spec/nodes/INDEX/fenceMethods/0"}]
        """
            .replace("INDEX", String.valueOf(index))
            .replace("METHOD", METHOD));
  }

  private void patch(String cluster, String jsonPatch) {
    client
        .resources(HACluster.class)
        .withName(cluster)
        .patch(PatchContext.of(PatchType.JSON), jsonPatch);
  }

  /** The operator's log lines so far about fencing {@code node}, to compare with later. */
  public Set<String> fenceLines(String node) {
    return new HashSet<>(lines("node=" + node + " fence="));
  }

  /**
   * Checks that since {@code before} (of {@link #fenceLines}) the stalled method was tried on
   * {@code node} and killed at its timeout, and the node then fenced by its next method.
   */
  public void checkTimedOutThenFenced(String node, Set<String> before) {
    List<String> since =
        lines("node=" + node + " fence=").stream().filter(l -> !before.contains(l)).toList();
    List<String> stalled =
        since.stream().filter(l -> l.contains(" fence=failed method=" + METHOD + " ")).toList();
    if (stalled.isEmpty()) {
      throw new AssertionError(
          "the operator never tried the stalled method on " + node + "'s fence: " + since);
    }
    if (stalled.stream().noneMatch(l -> l.contains("did not finish within"))) {
      throw new AssertionError(
          "the stalled method failed on "
              + node
              + " without being killed at its timeout: "
              + stalled);
    }
    if (since.stream().noneMatch(l -> l.contains(" fence=succeeded method=" + NEXT + " "))) {
      throw new AssertionError(
          node + " was fenced, but not by method " + NEXT + " after the stalled one: " + since);
    }
  }

  private List<String> lines(String needle) {
    try (var files = Files.list(logs)) {
      List<Path> logFiles =
          files.filter(f -> f.getFileName().toString().startsWith(logPrefix)).sorted().toList();
      List<String> found = new ArrayList<>();
      for (Path f : logFiles) {
        Files.readString(f, StandardCharsets.UTF_8)
            .lines()
            .filter(l -> l.contains(needle))
            .forEach(found::add);
      }
      return found;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Frees the silent BMC's port; the FenceDevice stays, named by no method. */
  @Override
  public void close() {
    bmc.close();
  }
}
