package dev.rgmanager.operator;

import static io.javaoperatorsdk.operator.api.config.LeaderElectionConfigurationBuilder.aLeaderElectionConfiguration;

import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Leader election over a Lease: with two replicas only the leader reconciles, so two operators
 * never act on the same service (the role DLM played for rgmanager's service state).
 *
 * <p>A leader that loses its Lease exits at once, so it cannot act beside its successor. It exits
 * from a thread of its own: the SDK's own exit runs on the thread that stops the operator, and when
 * that stop is itself part of the JVM's shutdown (SIGTERM, a pod being deleted) the exit waits for
 * the shutdown that waits for it, and the process never ends.
 */
public class OperatorLeaderElection {
  private static final Logger LOG = Logger.getLogger(OperatorLeaderElection.class);

  @Produces
  @Singleton
  LeaderElectionConfiguration leaderElection(
      @ConfigProperty(name = "rgmanager.leader-election.lease-name") String leaseName,
      @ConfigProperty(name = "rgmanager.leader-election.lease-namespace")
          Optional<String> namespace) {
    return aLeaderElectionConfiguration(leaseName)
        .withLeaseNamespace(namespace.orElse(null))
        .withLeaderCallbacks(
            new LeaderCallbacks(() -> {}, OperatorLeaderElection::stoppedLeading, leader -> {}))
        .build();
  }

  /** Exits the process: at once when the Lease was lost, or as part of a shutdown under way. */
  static void stoppedLeading() {
    LOG.infof("leader=stopped reason=the leader Lease is lost or released: the operator exits");
    Thread exit = new Thread(() -> System.exit(1), "leader-lost-exit");
    exit.setDaemon(true);
    exit.start();
  }
}
