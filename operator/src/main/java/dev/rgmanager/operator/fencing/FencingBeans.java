package dev.rgmanager.operator.fencing;

import dev.rgmanager.api.v1alpha1.HACluster;
import io.fabric8.kubernetes.client.KubernetesClient;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Wires the fence coordinator: the agent-backed device fencer, a thread per node being fenced. */
public class FencingBeans {
  @Produces
  @ApplicationScoped
  FenceCoordinator coordinator(
      KubernetesClient client,
      FenceLedger ledger,
      Clock clock,
      @ConfigProperty(name = "rgmanager.fencing.backoff-first", defaultValue = "2s") Duration first,
      @ConfigProperty(name = "rgmanager.fencing.backoff-max", defaultValue = "60s") Duration max) {
    ExecutorService executor =
        Executors.newCachedThreadPool(
            r -> {
              Thread t = new Thread(r, "fencing");
              t.setDaemon(true);
              return t;
            });
    DeviceFencer fencer =
        new AgentDeviceFencer(
            client,
            () ->
                client.resources(HACluster.class).list().getItems().stream()
                    .map(c -> c.getMetadata().getName())
                    .min(Comparator.naturalOrder())
                    .orElse("cluster"));
    return new FenceCoordinator(
        fencer, ledger, clock, executor, new FenceCoordinator.Backoff(first, max));
  }

  void close(@Disposes FenceCoordinator coordinator) {
    coordinator.shutdown();
  }
}
