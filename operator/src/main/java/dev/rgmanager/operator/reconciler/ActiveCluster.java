package dev.rgmanager.operator.reconciler;

import dev.rgmanager.api.v1alpha1.HACluster;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;

/**
 * Which HACluster is the cluster when several exist: the oldest (then the first by name). Only it
 * counts votes, fences nodes and drives services; any other is reported and left alone.
 */
public final class ActiveCluster {
  private static final Comparator<HACluster> OLDEST_FIRST =
      Comparator.comparing(ActiveCluster::created).thenComparing(c -> c.getMetadata().getName());

  private ActiveCluster() {}

  /** The active HACluster, or null when there is none. */
  public static HACluster of(List<HACluster> clusters) {
    return clusters.stream().min(OLDEST_FIRST).orElse(null);
  }

  private static Instant created(HACluster c) {
    String t = c.getMetadata().getCreationTimestamp();
    return t == null ? Instant.MAX : Instant.parse(t);
  }

  public static boolean same(HACluster a, HACluster b) {
    return a.getMetadata().getName().equals(b.getMetadata().getName());
  }
}
