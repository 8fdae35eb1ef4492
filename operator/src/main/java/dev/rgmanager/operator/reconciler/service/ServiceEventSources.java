package dev.rgmanager.operator.reconciler.service;

import dev.rgmanager.api.v1alpha1.ClusterService;
import dev.rgmanager.api.v1alpha1.FailoverDomain;
import dev.rgmanager.api.v1alpha1.HACluster;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.IndexerResourceCache;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * What wakes a service up besides its own changes: membership and quorum (the HACluster), its
 * failover domain, and the service it depends on. The informers' caches are also where the
 * reconciler reads the cluster and the domains, so a reconcile costs no API request to read them.
 */
final class ServiceEventSources {
  static final String CLUSTERS = "haclusters";
  static final String DOMAINS = "failoverdomains";
  static final String DEPENDENCIES = "dependencies";

  private InformerEventSource<HACluster, ClusterService> clusters;
  private InformerEventSource<FailoverDomain, ClusterService> domains;

  /** Every HACluster, from the informer's cache. */
  List<HACluster> clusters() {
    return clusters.list().toList();
  }

  /** Every FailoverDomain, from the informer's cache. */
  List<FailoverDomain> domains() {
    return domains.list().toList();
  }

  /**
   * What in an HACluster concerns services: spec, quorum and each member's state and fencing, but
   * not the heartbeat times that change every second.
   */
  static Object membershipSignature(HACluster c) {
    var st = c.getStatus();
    return List.of(
        String.valueOf(c.getMetadata().getGeneration()),
        st == null ? "" : String.valueOf(st.quorate()),
        st == null
            ? List.of()
            : st.membersOrEmpty().stream()
                .map(m -> m.name() + "=" + m.state() + "@" + m.fencedAt() + "/" + m.fencedBy())
                .toList());
  }

  List<EventSource<?, ClusterService>> create(EventSourceContext<ClusterService> ctx) {
    IndexerResourceCache<ClusterService> services = ctx.getPrimaryCache();
    clusters =
        new InformerEventSource<>(
            InformerEventSourceConfiguration.from(HACluster.class, ClusterService.class)
                .withName(CLUSTERS)
                .withWatchAllNamespaces()
                .withOnUpdateFilter(
                    (next, prev) -> !membershipSignature(next).equals(membershipSignature(prev)))
                .withSecondaryToPrimaryMapper(c -> matching(services, s -> true))
                .build(),
            ctx);
    domains =
        new InformerEventSource<>(
            InformerEventSourceConfiguration.from(FailoverDomain.class, ClusterService.class)
                .withName(DOMAINS)
                .withSecondaryToPrimaryMapper(
                    d ->
                        matching(
                            services,
                            s ->
                                Objects.equals(
                                        s.getMetadata().getNamespace(),
                                        d.getMetadata().getNamespace())
                                    && Objects.equals(
                                        s.getSpec().domain(), d.getMetadata().getName())))
                .build(),
            ctx);
    var dependencies =
        new InformerEventSource<>(
            InformerEventSourceConfiguration.from(ClusterService.class, ClusterService.class)
                .withName(DEPENDENCIES)
                .withSecondaryToPrimaryMapper(
                    dep ->
                        matching(
                            services,
                            s ->
                                Objects.equals(
                                        s.getMetadata().getNamespace(),
                                        dep.getMetadata().getNamespace())
                                    && Objects.equals(
                                        s.getSpec().depend(), dep.getMetadata().getName())))
                .build(),
            ctx);
    return List.of(clusters, domains, dependencies);
  }

  private static Set<ResourceID> matching(
      IndexerResourceCache<ClusterService> services, Predicate<ClusterService> which) {
    return services.list().filter(which).map(ResourceID::fromResource).collect(Collectors.toSet());
  }
}
