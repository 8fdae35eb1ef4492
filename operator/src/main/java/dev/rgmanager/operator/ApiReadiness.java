package dev.rgmanager.operator;

import dev.rgmanager.api.v1alpha1.ClusterService;
import dev.rgmanager.api.v1alpha1.FailoverDomain;
import dev.rgmanager.api.v1alpha1.FenceDevice;
import dev.rgmanager.api.v1alpha1.HACluster;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Holds the operator's start until the API server serves each of the operator's kinds twice in a
 * row, {@link #SETTLE} apart. Just after its CRDs are installed (a Helm install applies them with
 * the operator), the API server cuts off the lists of a kind it is still setting up, and an
 * informer whose first list fails stops the operator, which would then start again only by a
 * restart. Runs before the operator starts (the SDK's own start observes with priority 3123); gives
 * up waiting after {@code rgmanager.startup.api-wait} (2 minutes, the chart's startup probe) and
 * lets the start go on, to fail as it would have.
 */
@Singleton
public class ApiReadiness {
  private static final Logger LOG = Logger.getLogger(ApiReadiness.class);
  static final Duration SETTLE = Duration.ofMillis(500);
  private static final List<Class<? extends HasMetadata>> KINDS =
      List.of(HACluster.class, ClusterService.class, FailoverDomain.class, FenceDevice.class);

  void beforeTheOperatorStarts(
      @Observes @Priority(3000) StartupEvent start,
      KubernetesClient client,
      Clock clock,
      @ConfigProperty(name = "rgmanager.startup.api-wait", defaultValue = "2m") Duration wait) {
    awaitServed(kind -> list(client, kind), clock, wait, SETTLE, Thread::sleep);
  }

  /** One list of {@code kind}, of one item at most; throws what the API server answered. */
  private static void list(KubernetesClient client, Class<? extends HasMetadata> kind) {
    client
        .resources(kind)
        .inAnyNamespace()
        .list(new io.fabric8.kubernetes.api.model.ListOptionsBuilder().withLimit(1L).build());
  }

  interface Lister {
    void list(Class<? extends HasMetadata> kind);
  }

  interface Sleeper {
    void sleep(long millis) throws InterruptedException;
  }

  /**
   * Lists every kind until two passes in a row, {@code settle} apart, all answer, or {@code wait}
   * has passed; returns whether they did.
   */
  static boolean awaitServed(
      Lister lister, Clock clock, Duration wait, Duration settle, Sleeper sleeper) {
    Instant deadline = clock.instant().plus(wait);
    int answered = 0;
    while (true) {
      Optional<String> failure = pass(lister);
      answered = failure.isEmpty() ? answered + 1 : 0;
      if (answered == 2) {
        LOG.info("startup=go reason=the API server serves every kind of the operator");
        return true;
      }
      if (failure.isPresent()) {
        if (!clock.instant().isBefore(deadline)) {
          LOG.warnf(
              "startup=go-on reason=the API server did not serve every kind within %s: %s",
              wait, failure.get());
          return false;
        }
        LOG.infof("startup=waiting reason=%s", failure.get());
      }
      try {
        sleeper.sleep(settle.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
  }

  /** The first kind that did not answer, with why; empty when every kind answered. */
  private static Optional<String> pass(Lister lister) {
    for (Class<? extends HasMetadata> kind : KINDS) {
      try {
        lister.list(kind);
      } catch (RuntimeException e) {
        return Optional.of(HasMetadata.getPlural(kind) + " not served yet: " + reason(e));
      }
    }
    return Optional.empty();
  }

  private static String reason(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root.getClass().getSimpleName()
        + (root.getMessage() == null ? "" : ": " + root.getMessage());
  }
}
