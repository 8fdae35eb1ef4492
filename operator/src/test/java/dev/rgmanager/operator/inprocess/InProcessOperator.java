package dev.rgmanager.operator.inprocess;

import dev.rgmanager.fence.scsi.KeyWitness;
import dev.rgmanager.operator.Leadership;
import dev.rgmanager.operator.events.EventRecorder;
import dev.rgmanager.operator.fencing.FenceCoordinator;
import dev.rgmanager.operator.fencing.FenceLedger;
import dev.rgmanager.operator.metrics.OperatorMetrics;
import dev.rgmanager.operator.reconciler.FailoverDomainReconciler;
import dev.rgmanager.operator.reconciler.FenceDeviceReconciler;
import dev.rgmanager.operator.reconciler.HAClusterReconciler;
import dev.rgmanager.operator.reconciler.service.ServiceReconciler;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.OperatorException;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The operator's four reconcilers in this JVM, wired as the Quarkus producers wire them
 * (OperatorClock, FencingBeans, the CDI beans EventRecorder, OperatorMetrics, FenceLedger and
 * Leadership) but with a {@link TestClock}, a Leadership that always leads (no leader election),
 * metrics over a {@link SimpleMeterRegistry}, and the fence coordinator over a {@link
 * ScriptedFencer}; run by plain Java Operator SDK against the given client.
 */
public final class InProcessOperator implements AutoCloseable {
  /** The coordinator's backoff between failed rounds (production: 2 s, then doubling to 60 s). */
  static final FenceCoordinator.Backoff BACKOFF =
      new FenceCoordinator.Backoff(Duration.ofMillis(200), Duration.ofSeconds(1));

  private static final int START_ATTEMPTS = 3;

  private final TestClock clock = new TestClock();
  private final ScriptedFencer fencer = new ScriptedFencer();
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final FenceCoordinator coordinator;
  private final Operator operator;

  private InProcessOperator(KubernetesClient client) {
    Leadership leadership = new Leadership();
    FenceLedger ledger = new FenceLedger();
    EventRecorder events = new EventRecorder(client, clock);
    OperatorMetrics metrics = new OperatorMetrics(registry);
    ExecutorService fencing =
        Executors.newCachedThreadPool(
            r -> {
              Thread t = new Thread(r, "fencing");
              t.setDaemon(true);
              return t;
            });
    coordinator =
        new FenceCoordinator(fencer, ledger, clock, fencing, BACKOFF, () -> !leadership.lost());
    operator =
        new Operator(
            o ->
                o.withKubernetesClient(client)
                    .withCloseClientOnStop(false)
                    .withStopOnInformerErrorDuringStartup(true)
                    .withCacheSyncTimeout(Duration.ofSeconds(30)));
    operator.register(
        new HAClusterReconciler(clock, ledger, events, metrics, coordinator, leadership));
    operator.register(new ServiceReconciler(clock, events, metrics, leadership));
    operator.register(new FailoverDomainReconciler(clock));
    operator.register(new FenceDeviceReconciler(clock, client, KeyWitness.inMemory(clock)));
  }

  /**
   * Starts the reconcilers; returns once their informers have synced. A start whose first list the
   * API server cuts off (it does while it installs freshly applied CRDs) is made again, with new
   * reconcilers: a half-started one keeps nothing.
   */
  public static InProcessOperator start(KubernetesClient client) {
    for (int attempt = 1; ; attempt++) {
      InProcessOperator op = new InProcessOperator(client);
      try {
        op.operator.start();
        return op;
      } catch (OperatorException e) {
        op.close();
        if (attempt == START_ATTEMPTS) {
          throw e;
        }
        System.err.println("in-process operator: start " + attempt + " failed, again: " + e);
      }
    }
  }

  public TestClock clock() {
    return clock;
  }

  public ScriptedFencer fencer() {
    return fencer;
  }

  /** A metric's value (a counter's count, a gauge's value), or NaN when it was never recorded. */
  public double metric(String name) {
    var meter = registry.find(name);
    if (meter.counter() != null) {
      return meter.counter().count();
    }
    if (meter.gauge() != null) {
      return meter.gauge().value();
    }
    return Double.NaN;
  }

  @Override
  public void close() {
    operator.stop();
    coordinator.shutdown();
  }
}
