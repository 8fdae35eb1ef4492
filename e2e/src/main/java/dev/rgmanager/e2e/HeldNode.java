package dev.rgmanager.e2e;

import dev.rgmanager.operator.testing.ControlPlane;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;

/**
 * A node whose kubelet the test plays for a while: the test keeps the node's heartbeat Lease fresh,
 * so the node stays online, but the simulator no longer runs its pods, so a pod placed on it stays
 * Pending (not Ready) until the node is released. A service starting there is held in the middle of
 * its start, as long as the test needs.
 */
public final class HeldNode implements AutoCloseable {
  private final KubernetesClient client;
  private final ControlPlane controlPlane;
  private final String node;
  private final Thread heartbeat;
  private final java.time.Duration clockSkew;
  private volatile boolean beating = true;

  private HeldNode(
      KubernetesClient client, ControlPlane controlPlane, String node, java.time.Duration skew) {
    this.clockSkew = skew;
    this.client = client;
    this.controlPlane = controlPlane;
    this.node = node;
    this.heartbeat = new Thread(this::beat, "held-node-" + node);
    heartbeat.setDaemon(true);
  }

  /** Takes the node's kubelet over from the simulator; the heartbeat never lapses meanwhile. */
  public static HeldNode hold(KubernetesClient client, ControlPlane controlPlane, String node) {
    return hold(client, controlPlane, node, java.time.Duration.ZERO);
  }

  /**
   * As {@link #hold(KubernetesClient, ControlPlane, String)}, for a node whose clock is off by
   * {@code skew}: every renewTime it writes is that far from the true time.
   */
  public static HeldNode hold(
      KubernetesClient client, ControlPlane controlPlane, String node, java.time.Duration skew) {
    HeldNode held = new HeldNode(client, controlPlane, node, skew);
    held.renew();
    held.heartbeat.start();
    try {
      controlPlane.failNode(node);
    } catch (RuntimeException e) {
      held.stopBeating();
      throw e;
    }
    return held;
  }

  private void beat() {
    while (beating) {
      try {
        renew();
        Thread.sleep(500);
      } catch (InterruptedException e) {
        return;
      } catch (RuntimeException e) {
        // The API server may be briefly busy; the next round renews again.
      }
    }
  }

  /**
   * Renews the Lease; a conflict (the simulator renewed it in between, before it lets go of the
   * node) is read again and renewed again.
   */
  private void renew() {
    for (int attempt = 1; ; attempt++) {
      ZonedDateTime now = ZonedDateTime.now(ZoneOffset.UTC).plus(clockSkew);
      try {
        client
            .leases()
            .inNamespace("kube-node-lease")
            .withName(node)
            .edit(
                l -> {
                  l.getSpec().setRenewTime(now);
                  return l;
                });
        return;
      } catch (io.fabric8.kubernetes.client.KubernetesClientException e) {
        if (e.getCode() != 409 || attempt >= 5) {
          throw e;
        }
      }
    }
  }

  /** Gives the node back to the simulator, which runs its pending pods at once. */
  @Override
  public void close() {
    try {
      controlPlane.recoverNode(node);
    } finally {
      stopBeating();
    }
  }

  private void stopBeating() {
    beating = false;
    heartbeat.interrupt();
    try {
      heartbeat.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
