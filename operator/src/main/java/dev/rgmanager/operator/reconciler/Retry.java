package dev.rgmanager.operator.reconciler;

import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;

/**
 * When to try a failed reconcile again: at once if the object changed under it (HTTP 409: an
 * administrator's edit or an acknowledgement arrived while the status was being computed), else
 * after two seconds (the API server was slow or refused). Never given up.
 */
public final class Retry {
  public static final Duration AFTER_CONFLICT = Duration.ofMillis(100);
  public static final Duration AFTER_FAILURE = Duration.ofSeconds(2);

  private Retry() {}

  public static Duration after(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof KubernetesClientException k && k.getCode() == 409) {
        return AFTER_CONFLICT;
      }
    }
    return AFTER_FAILURE;
  }
}
