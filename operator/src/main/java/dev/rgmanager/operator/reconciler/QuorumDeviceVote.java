package dev.rgmanager.operator.reconciler;

import dev.rgmanager.api.v1alpha1.HAClusterSpec;
import dev.rgmanager.api.v1alpha1.QuorumDevice;
import dev.rgmanager.operator.membership.Durations;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;
import java.time.Instant;

/** The quorum device's votes now, and why it could not be read (null when it could). */
record QuorumDeviceVote(int votes, String error) {

  /**
   * The quorum device's votes count while its Lease was renewed within its timeout. A Lease that
   * cannot be read (forbidden, API error) counts as no vote and is reported; it never stops
   * membership from being decided.
   */
  static QuorumDeviceVote read(
      KubernetesClient client, HAClusterSpec spec, Duration token, Instant now) {
    QuorumDevice qd = spec.quorumDevice();
    if (qd == null) {
      return new QuorumDeviceVote(0, null);
    }
    String name = qd.leaseNamespace() + "/" + qd.leaseName();
    Lease lease;
    try {
      lease = client.leases().inNamespace(qd.leaseNamespace()).withName(qd.leaseName()).get();
    } catch (KubernetesClientException e) {
      return new QuorumDeviceVote(
          0,
          "quorum device Lease "
              + name
              + " cannot be read (HTTP "
              + e.getCode()
              + "): it counts as no vote; grant the operator get on that Lease");
    }
    if (lease == null) {
      return new QuorumDeviceVote(
          0, "quorum device Lease " + name + " does not exist: it counts as no vote");
    }
    if (lease.getSpec() == null || lease.getSpec().getRenewTime() == null) {
      return new QuorumDeviceVote(0, null);
    }
    Duration timeout =
        qd.timeout() != null
            ? Durations.parse(qd.timeout())
            : lease.getSpec().getLeaseDurationSeconds() != null
                ? Duration.ofSeconds(lease.getSpec().getLeaseDurationSeconds())
                : token;
    boolean fresh = !lease.getSpec().getRenewTime().toInstant().plus(timeout).isBefore(now);
    return new QuorumDeviceVote(fresh ? qd.votesOrDefault() : 0, null);
  }
}
