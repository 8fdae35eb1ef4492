package dev.rgmanager.plugin.ops;

import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.function.Supplier;

/**
 * An edit is a read, a change and a write locked to what was read. The operator writes a service's
 * (or the cluster's) status often, so an edit can find the object changed in between (HTTP 409): it
 * is then read and applied again, a few times, as kubectl edit would ask the user to.
 */
final class ConflictRetry {
  private static final int ATTEMPTS = 5;

  private ConflictRetry() {}

  static <T> T edit(Supplier<T> edit) {
    for (int attempt = 1; ; attempt++) {
      try {
        return edit.get();
      } catch (KubernetesClientException e) {
        if (e.getCode() != 409 || attempt == ATTEMPTS) {
          throw e;
        }
      }
    }
  }
}
