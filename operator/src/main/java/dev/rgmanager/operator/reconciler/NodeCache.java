package dev.rgmanager.operator.reconciler;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Node;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.util.Set;
import java.util.function.Supplier;

/**
 * An informer over every node, read for readiness, cordon, labels and taints, whose changes wake
 * nothing (but a cordon, for membership): a node reports its status every few seconds, and
 * membership (the HACluster) is what tells the reconcilers that a node came, went, or entered or
 * left standby.
 */
public final class NodeCache {
  private NodeCache() {}

  public static <P extends HasMetadata> InformerEventSource<Node, P> source(
      EventSourceContext<P> ctx, Class<P> primary) {
    return new InformerEventSource<>(
        InformerEventSourceConfiguration.from(Node.class, primary)
            .withName("nodes")
            .withItemStore(new StrippedItemStore<>())
            .withWatchAllNamespaces()
            .withSecondaryToPrimaryMapper(n -> Set.of())
            .build(),
        ctx);
  }

  /**
   * The same informer for membership, where a node cordoned or uncordoned (standby begins or ends)
   * wakes {@code target} at once; its other changes still wake nothing.
   */
  public static <P extends HasMetadata> InformerEventSource<Node, P> cordonWaking(
      EventSourceContext<P> ctx, Class<P> primary, Supplier<ResourceID> target) {
    return new InformerEventSource<>(
        InformerEventSourceConfiguration.from(Node.class, primary)
            .withName("nodes")
            .withItemStore(new StrippedItemStore<>())
            .withWatchAllNamespaces()
            .withOnAddFilter(n -> false)
            .withOnDeleteFilter((n, unknown) -> false)
            .withOnUpdateFilter(
                (now, before) -> NodeReadiness.cordoned(now) != NodeReadiness.cordoned(before))
            .withSecondaryToPrimaryMapper(
                n -> {
                  ResourceID cluster = target.get();
                  return cluster == null ? Set.of() : Set.of(cluster);
                })
            .build(),
        ctx);
  }
}
