package dev.rgmanager.operator.events;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Records Kubernetes Events for state changes, with capped messages and duplicate suppression (the
 * same reason and message on the same object within ten minutes is recorded once). Events are
 * written in the background by a few writers, each stamped with the time it was recorded: a
 * reconcile never waits for its report, so a failover is not slowed by the Events that describe it.
 * The log line of each decision is written at once, by the caller.
 */
@ApplicationScoped
public class EventRecorder {
  private static final Logger LOG = Logger.getLogger(EventRecorder.class);
  private static final int MAX_MESSAGE = 1000;
  private static final Duration DUPLICATE_WINDOW = Duration.ofMinutes(10);
  private static final String COMPONENT = "rgmanager-operator";
  private static final int WRITERS = 4;

  private final KubernetesClient client;
  private final Clock clock;
  private final Map<String, Instant> recent = new ConcurrentHashMap<>();
  private final ExecutorService writer =
      new ThreadPoolExecutor(
          WRITERS,
          WRITERS,
          0,
          TimeUnit.SECONDS,
          new LinkedBlockingQueue<>(10_000),
          r -> {
            Thread t = new Thread(r, "event-recorder");
            t.setDaemon(true);
            return t;
          });

  public EventRecorder(KubernetesClient client, Clock clock) {
    this.client = client;
    this.clock = clock;
  }

  public void normal(HasMetadata object, Reason reason, String message) {
    record(object, reason, message, "Normal");
  }

  public void warning(HasMetadata object, Reason reason, String message) {
    record(object, reason, message, "Warning");
  }

  private void record(HasMetadata object, Reason reason, String message, String type) {
    String text =
        message.length() > MAX_MESSAGE ? message.substring(0, MAX_MESSAGE - 3) + "..." : message;
    Instant now = clock.instant();
    String key = object.getMetadata().getUid() + "|" + reason + "|" + text;
    Instant last = recent.get(key);
    if (last != null && last.plus(DUPLICATE_WINDOW).isAfter(now)) {
      return;
    }
    recent.put(key, now);
    if (recent.size() > 10_000) {
      recent.entrySet().removeIf(e -> e.getValue().plus(DUPLICATE_WINDOW).isBefore(now));
    }
    String namespace =
        object.getMetadata().getNamespace() == null
            ? "default"
            : object.getMetadata().getNamespace();
    var event =
        new EventBuilder()
            .withNewMetadata()
            .withName(
                object.getMetadata().getName() + "." + UUID.randomUUID().toString().substring(0, 8))
            .withNamespace(namespace)
            .endMetadata()
            .withInvolvedObject(
                new ObjectReferenceBuilder()
                    .withApiVersion(object.getApiVersion())
                    .withKind(object.getKind())
                    .withName(object.getMetadata().getName())
                    .withNamespace(object.getMetadata().getNamespace())
                    .withUid(object.getMetadata().getUid())
                    .build())
            .withReason(reason.name())
            .withMessage(text)
            .withType(type)
            .withFirstTimestamp(now.toString())
            .withLastTimestamp(now.toString())
            .withCount(1)
            .withNewSource(COMPONENT, null)
            .withReportingComponent(COMPONENT)
            .build();
    try {
      writer.execute(() -> write(object, reason, namespace, event));
    } catch (RejectedExecutionException e) {
      LOG.warnf(
          "event=%s object=%s/%s not recorded: too many Events waiting",
          reason, object.getKind(), object.getMetadata().getName());
    }
  }

  private void write(HasMetadata object, Reason reason, String namespace, Event event) {
    try {
      client.v1().events().inNamespace(namespace).resource(event).create();
    } catch (KubernetesClientException e) {
      // An Event is a report, never a reason to fail a reconcile.
      LOG.warnf(
          "event=%s object=%s/%s not recorded: %s",
          reason,
          object.getKind(),
          object.getMetadata().getName(),
          e.getStatus() == null ? e.getClass().getSimpleName() : e.getStatus().getReason());
    }
  }

  /** On shutdown, the Events already recorded are written (for up to five seconds). */
  @PreDestroy
  void flush() throws InterruptedException {
    writer.shutdown();
    writer.awaitTermination(5, TimeUnit.SECONDS);
  }
}
