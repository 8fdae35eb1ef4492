package dev.rgmanager.operator.fencing;

import dev.rgmanager.api.v1alpha1.HACluster;
import dev.rgmanager.fence.scsi.KeyWitness;
import dev.rgmanager.operator.Leadership;
import dev.rgmanager.operator.reconciler.ActiveCluster;
import io.fabric8.kubernetes.client.KubernetesClient;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Wires the fence coordinator: the agent-backed device fencer, a thread per node being fenced. */
public class FencingBeans {
  /** The SCSI keys this operator saw registered, shared by the fencer and the device monitor. */
  @Produces
  @ApplicationScoped
  KeyWitness keyWitness(Clock clock) {
    return KeyWitness.inMemory(clock);
  }

  @Produces
  @ApplicationScoped
  FenceCoordinator coordinator(
      KubernetesClient client,
      KeyWitness witness,
      FenceLedger ledger,
      Clock clock,
      Leadership leadership,
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
            () -> {
              HACluster active =
                  ActiveCluster.of(client.resources(HACluster.class).list().getItems());
              return active == null ? "cluster" : active.getMetadata().getName();
            },
            witness);
    return new FenceCoordinator(
        fencer,
        ledger,
        clock,
        executor,
        new FenceCoordinator.Backoff(first, max),
        () -> !leadership.lost());
  }

  void close(@Disposes FenceCoordinator coordinator) {
    coordinator.shutdown();
  }
}
