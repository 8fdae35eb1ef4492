package dev.rgmanager.operator.reconciler.service;

import dev.rgmanager.operator.events.EventRecorder;
import dev.rgmanager.operator.events.Reason;
import dev.rgmanager.operator.metrics.OperatorMetrics;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * What one reconcile has to tell (its Events, its failover metric), given out only once the status
 * that records it is written: a write that conflicts is retried with a new reconcile, which must
 * not have counted a failover or announced a state change that was never recorded.
 */
final class Announcements {
  private static final Logger LOG = Logger.getLogger(Announcements.class);
  private final EventRecorder events;
  private final OperatorMetrics metrics;
  private final List<Runnable> pending = new ArrayList<>();

  Announcements(EventRecorder events, OperatorMetrics metrics) {
    this.events = events;
    this.metrics = metrics;
  }

  void normal(HasMetadata object, Reason reason, String message) {
    pending.add(() -> events.normal(object, reason, message));
  }

  void warning(HasMetadata object, Reason reason, String message) {
    pending.add(() -> events.warning(object, reason, message));
  }

  void failover(Duration sinceOwnerLost) {
    pending.add(() -> metrics.failover(sinceOwnerLost));
  }

  /**
   * Gives everything out, once the status is recorded (or needed no write). One that fails is
   * logged and does not keep back the others, nor the step that follows.
   */
  void flush() {
    for (Runnable r : pending) {
      try {
        r.run();
      } catch (RuntimeException e) {
        LOG.warnf(
            "announcement=dropped reason=%s: %s", e.getClass().getSimpleName(), e.getMessage());
      }
    }
    pending.clear();
  }
}
