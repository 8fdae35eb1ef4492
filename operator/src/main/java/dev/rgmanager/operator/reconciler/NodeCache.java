package dev.rgmanager.operator.reconciler;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Node;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.util.Set;

/**
 * An informer over every node, read for readiness, labels and taints, whose changes wake nothing: a
 * node reports its status every few seconds, and membership (the HACluster) is what tells the
 * reconcilers that a node came or went.
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
}
