package dev.rgmanager.operator;

import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Leader election over a Lease: with two replicas only the leader reconciles, so two operators
 * never act on the same service (the role DLM played for rgmanager's service state).
 */
public class OperatorLeaderElection {
  @Produces
  @Singleton
  LeaderElectionConfiguration leaderElection(
      @ConfigProperty(name = "rgmanager.leader-election.lease-name") String leaseName,
      @ConfigProperty(name = "rgmanager.leader-election.lease-namespace")
          Optional<String> namespace) {
    return namespace
        .map(ns -> new LeaderElectionConfiguration(leaseName, ns))
        .orElseGet(() -> new LeaderElectionConfiguration(leaseName));
  }
}
