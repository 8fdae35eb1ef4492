package dev.rgmanager.operator.resource;

import io.fabric8.kubernetes.api.model.Pod;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;

/**
 * Deletes pods at once (grace period 0), each version of each pod once: what is left on a fenced
 * node can no longer run, and its kubelet will never confirm a graceful delete. The cache lags the
 * operator's own deletes, so the pods deleted at once are remembered ("namespace/name" to the
 * version deleted) until the cache holds another version (deleting) or none.
 */
final class AtOnceDeletes {
  private final BiFunction<String, String, Pod> cached;
  private final BiConsumer<Pod, Long> delete;
  private final Map<String, String> forgotten = new ConcurrentHashMap<>();

  /** {@code cached} reads a pod (namespace, name) from the cache; {@code delete} deletes one. */
  AtOnceDeletes(BiFunction<String, String, Pod> cached, BiConsumer<Pod, Long> delete) {
    this.cached = cached;
    this.delete = delete;
  }

  /** Forgets the pods the cache no longer shows as deleted: they are gone, or deleting. */
  void prune() {
    forgotten.entrySet().removeIf(f -> !f.getValue().equals(version(cached(f.getKey()))));
  }

  /** Deletes {@code p} at once unless it already is (as the cache shows, or as asked here). */
  void delete(Pod p) {
    if (deletedAtOnce(p)) {
      return;
    }
    delete.accept(p, 0L);
    forgotten.put(key(p), version(p));
  }

  private boolean deletedAtOnce(Pod p) {
    var meta = p.getMetadata();
    boolean seen =
        meta.getDeletionTimestamp() != null
            && Long.valueOf(0).equals(meta.getDeletionGracePeriodSeconds());
    return seen || version(p).equals(forgotten.get(key(p)));
  }

  private Pod cached(String key) {
    int slash = key.indexOf('/');
    return cached.apply(key.substring(0, slash), key.substring(slash + 1));
  }

  private static String key(Pod p) {
    return p.getMetadata().getNamespace() + "/" + p.getMetadata().getName();
  }

  /** The pod as one version of one object: its uid and resourceVersion; "" for none. */
  private static String version(Pod p) {
    return p == null ? "" : p.getMetadata().getUid() + "@" + p.getMetadata().getResourceVersion();
  }
}
