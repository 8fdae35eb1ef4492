package dev.rgmanager.operator;

import static io.javaoperatorsdk.operator.api.config.LeaderElectionConfigurationBuilder.aLeaderElectionConfiguration;

import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Leader election over a Lease: with two replicas only the leader reconciles, so two operators
 * never act on the same service (the role DLM played for rgmanager's service state).
 *
 * <p>A leader that loses its Lease stops acting at once ({@link Leadership}) and exits. It exits
 * from a thread of its own: the SDK's own exit runs on the thread that stops the operator, and when
 * that stop is itself part of the JVM's shutdown (SIGTERM, a pod being deleted) the exit waits for
 * the shutdown that waits for it, and the process never ends. If the exit has not finished within
 * {@link #EXIT_DEADLINE_MS}, the process is halted.
 */
public class OperatorLeaderElection {
  private static final Logger LOG = Logger.getLogger(OperatorLeaderElection.class);

  /** Longer than a graceful stop needs, shorter than Kubernetes' default grace period of 30 s. */
  static final long EXIT_DEADLINE_MS = 25_000;

  @Produces
  @Singleton
  LeaderElectionConfiguration leaderElection(
      @ConfigProperty(name = "rgmanager.leader-election.lease-name") String leaseName,
      @ConfigProperty(name = "rgmanager.leader-election.lease-namespace")
          Optional<String> namespace,
      @ConfigProperty(name = "rgmanager.leader-election.lease-duration", defaultValue = "15s")
          Duration leaseDuration,
      @ConfigProperty(name = "rgmanager.leader-election.renew-deadline", defaultValue = "10s")
          Duration renewDeadline,
      @ConfigProperty(name = "rgmanager.leader-election.retry-period", defaultValue = "2s")
          Duration retryPeriod,
      Leadership leadership) {
    LeaseTiming timing = new LeaseTiming(leaseDuration, renewDeadline, retryPeriod);
    return aLeaderElectionConfiguration(leaseName)
        .withLeaseNamespace(namespace.orElse(null))
        .withLeaseDuration(timing.leaseDuration())
        .withRenewDeadline(timing.renewDeadline())
        .withRetryPeriod(timing.retryPeriod())
        .withLeaderCallbacks(
            new LeaderCallbacks(
                () -> startedLeading(leadership), () -> stoppedLeading(leadership), leader -> {}))
        .build();
  }

  /** A replica that has lost the Lease once never leads again: it is on its way out. */
  private static void startedLeading(Leadership leadership) {
    if (leadership.lost()) {
      Runtime.getRuntime().halt(1);
    }
  }

  /** Stops all acting, then exits the process (halts it if the exit does not end in time). */
  private static void stoppedLeading(Leadership leadership) {
    leadership.lose();
    LOG.warn("leader=stopped reason=the leader Lease is lost or released: the operator exits");
    try {
      Thread watchdog =
          new Thread(
              () -> {
                try {
                  Thread.sleep(EXIT_DEADLINE_MS);
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                }
                Runtime.getRuntime().halt(1);
              },
              "leader-lost-watchdog");
      watchdog.setDaemon(true);
      watchdog.start();
      Thread exit = new Thread(() -> System.exit(1), "leader-lost-exit");
      exit.setDaemon(true);
      exit.start();
    } catch (Throwable t) {
      Runtime.getRuntime().halt(1);
    }
  }
}
