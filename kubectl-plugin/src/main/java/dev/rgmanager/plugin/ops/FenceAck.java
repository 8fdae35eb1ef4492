package dev.rgmanager.plugin.ops;

import dev.rgmanager.api.v1alpha1.FenceAcknowledgement;
import dev.rgmanager.api.v1alpha1.HACluster;
import dev.rgmanager.api.v1alpha1.MemberState;
import dev.rgmanager.api.v1alpha1.MemberStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.BufferedReader;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;

/**
 * fence_ack_manual: records an administrator's statement that a lost node is off, so that its
 * services may start elsewhere. Asks for confirmation because a wrong answer runs a service twice.
 */
public final class FenceAck {
  private FenceAck() {}

  public static int run(
      KubernetesClient client,
      String node,
      boolean yes,
      boolean wait,
      Duration timeout,
      BufferedReader in,
      PrintWriter out)
      throws java.io.IOException {
    HACluster cluster = Standby.active(client).orElse(null);
    if (cluster == null) {
      out.println("error: no HACluster exists");
      return 1;
    }
    MemberStatus member =
        cluster.getStatus() == null
            ? null
            : cluster.getStatus().membersOrEmpty().stream()
                .filter(m -> node.equals(m.name()))
                .findFirst()
                .orElse(null);
    if (member == null) {
      out.println(
          "error: " + node + " is not a member of cluster " + cluster.getMetadata().getName());
      return 1;
    }
    if (member.state() == MemberState.ONLINE) {
      out.println("refused: " + node + " is online; only a lost node can be acknowledged");
      return 1;
    }
    if (!yes) {
      out.println(
          "WARNING: acknowledging "
              + node
              + " tells the cluster it is powered off or cut off from");
      out.println(
          "shared storage. If it is still running, its services will run twice and data may be corrupted.");
      out.print("Type the node name to confirm: ");
      out.flush();
      String answer = in == null ? null : in.readLine();
      if (answer == null || !answer.trim().equals(node)) {
        out.println("not acknowledged");
        return 1;
      }
    }
    String by = System.getProperty("user.name", "unknown");
    var ack = new FenceAcknowledgement(node, Instant.now().toString(), by);
    ConflictRetry.edit(
        () ->
            client
                .resources(HACluster.class)
                .withName(cluster.getMetadata().getName())
                .edit(
                    c -> {
                      c.setSpec(c.getSpec().withAcknowledgement(ack));
                      return c;
                    }));
    out.println(node + ": fencing acknowledged by " + by);
    if (!wait) {
      return 0;
    }
    Instant deadline = Instant.now().plus(timeout);
    while (Instant.now().isBefore(deadline)) {
      HACluster c =
          client.resources(HACluster.class).withName(cluster.getMetadata().getName()).get();
      boolean fenced =
          c.getStatus() != null
              && c.getStatus().membersOrEmpty().stream()
                  .anyMatch(m -> node.equals(m.name()) && m.state() == MemberState.FENCED);
      if (fenced) {
        out.println(node + ": fenced (manual)");
        return 0;
      }
      var refused =
          c.getStatus() == null
              ? java.util.Optional.<dev.rgmanager.api.v1alpha1.AcknowledgementRecord>empty()
              : c.getStatus().acknowledgementsOrEmpty().stream()
                  .filter(
                      r -> node.equals(r.node()) && ack.acknowledgedAt().equals(r.acknowledgedAt()))
                  .filter(
                      r ->
                          r.outcome()
                              == dev.rgmanager.api.v1alpha1.AcknowledgementRecord.Outcome.REFUSED)
                  .findFirst();
      if (refused.isPresent()) {
        out.println(node + ": acknowledgement refused by the operator: " + refused.get().message());
        return 1;
      }
      try {
        Thread.sleep(500);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return 3;
      }
    }
    out.println(
        node
            + ": the operator has not recorded the acknowledgement within "
            + timeout.toSeconds()
            + "s");
    return 3;
  }
}
