package dev.rgmanager.operator.metrics;

import dev.rgmanager.api.v1alpha1.ServiceState;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Prometheus metrics: services by state, failovers and their duration, quorum, members online, and
 * fencing duration and failures.
 */
@ApplicationScoped
public class OperatorMetrics {
  private final MeterRegistry registry;
  private final Map<String, ServiceState> serviceStates = new ConcurrentHashMap<>();
  private final Map<ServiceState, AtomicInteger> byState = new ConcurrentHashMap<>();
  private final AtomicInteger quorate = new AtomicInteger();
  private final AtomicInteger membersOnline = new AtomicInteger();
  private final Counter failovers;
  private final Timer failoverDuration;

  public OperatorMetrics(MeterRegistry registry) {
    this.registry = registry;
    for (ServiceState s : ServiceState.values()) {
      AtomicInteger n = new AtomicInteger();
      byState.put(s, n);
      registry.gauge(
          "rgmanager_services",
          io.micrometer.core.instrument.Tags.of("state", s.name().toLowerCase()),
          n);
    }
    registry.gauge("rgmanager_quorate", quorate);
    registry.gauge("rgmanager_members_online", membersOnline);
    failovers =
        Counter.builder("rgmanager_failovers_total")
            .description("Services recovered on another node after their owner was lost")
            .register(registry);
    failoverDuration =
        Timer.builder("rgmanager_failover_duration")
            .description("From the owner's loss to the service started elsewhere")
            .publishPercentileHistogram()
            .register(registry);
  }

  /** Records a service's current state (null when the service is deleted). */
  public void serviceState(String service, ServiceState state) {
    ServiceState old =
        state == null ? serviceStates.remove(service) : serviceStates.put(service, state);
    if (old != null) {
      byState.get(old).decrementAndGet();
    }
    if (state != null) {
      byState.get(state).incrementAndGet();
    }
  }

  public void failover(Duration sinceOwnerLost) {
    failovers.increment();
    failoverDuration.record(sinceOwnerLost);
  }

  public void quorum(boolean isQuorate, int online) {
    quorate.set(isQuorate ? 1 : 0);
    membersOnline.set(online);
  }

  public void fence(String method, boolean succeeded, Duration took) {
    Timer.builder("rgmanager_fence_duration")
        .tag("method", method)
        .tag("result", succeeded ? "success" : "failure")
        .register(registry)
        .record(took);
    if (!succeeded) {
      Counter.builder("rgmanager_fence_failures_total")
          .tag("method", method)
          .register(registry)
          .increment();
    }
  }
}
