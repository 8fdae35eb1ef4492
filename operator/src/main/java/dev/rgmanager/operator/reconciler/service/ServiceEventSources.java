package dev.rgmanager.operator.reconciler.service;

import dev.rgmanager.api.v1alpha1.ClusterService;
import dev.rgmanager.api.v1alpha1.FailoverDomain;
import dev.rgmanager.api.v1alpha1.HACluster;
import dev.rgmanager.operator.core.ClusterView;
import dev.rgmanager.operator.reconciler.ClusterFacts;
import dev.rgmanager.operator.reconciler.NodeCache;
import dev.rgmanager.operator.reconciler.StrippedItemStore;
import dev.rgmanager.operator.resource.KubeVirtCache;
import dev.rgmanager.operator.resource.Labels;
import dev.rgmanager.operator.resource.ObjectCache;
import dev.rgmanager.operator.resource.VmObjects;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.IndexerResourceCache;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
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

  /** Every service: wakes the services that depend on one, and feeds the shared view. */
  static final String DEPENDENCIES = "dependencies";

  private InformerEventSource<HACluster, ClusterService> clusters;
  private ChangeCountingEventSource<FailoverDomain> domains;
  private ChangeCountingEventSource<ClusterService> services;
  private ObjectCache objects;
  private VmObjects kubevirt;
  private final SharedView view = new SharedView();
  private final Clock clock;

  /** {@code clock} tells which membership changes are recent (see {@link #affectedBy}). */
  ServiceEventSources(Clock clock) {
    this.clock = clock;
  }

  /**
   * The shared cluster view for {@code facts}, rebuilt only after services or domains changed, with
   * the decisions not yet in the informers' copies.
   */
  ClusterView view(ClusterFacts facts) {
    long serviceChanges = services.changes();
    long domainChanges = domains.changes();
    return view.of(
        facts, serviceChanges, domainChanges, () -> services.list().toList(), clock.instant());
  }

  /** Where decisions are taken one at a time and claimed until written (see {@link SharedView}). */
  SharedView shared() {
    return view;
  }

  /** The service's pods, Services, claims and the nodes, from the informers' caches. */
  ObjectCache objects() {
    return objects;
  }

  /** Every HACluster, from the informer's cache. */
  List<HACluster> clusters() {
    return clusters.list().toList();
  }

  /** Every FailoverDomain, from the informer's cache. */
  List<FailoverDomain> domains() {
    return domains.list().toList();
  }

  /**
   * What in an HACluster concerns services: spec, quorum and each member's state, standby and
   * fencing, but not the heartbeat times that change every second.
   */
  static Object membershipSignature(HACluster c) {
    var st = c.getStatus();
    return List.of(
        String.valueOf(c.getMetadata().getGeneration()),
        String.valueOf(st.quorate()),
        st.membersOrEmpty().stream()
            .map(
                m ->
                    m.name()
                        + "="
                        + m.state()
                        + (m.standbyOrDefault() ? "+standby" : "")
                        + "@"
                        + m.fencedAt()
                        + "/"
                        + m.fencedBy())
            .toList());
  }

  /** How recent a join or a quorum change must be for every service to be woken by it. */
  static final Duration RECENT = Duration.ofSeconds(30);

  /**
   * Which services a membership change concerns: those whose owner is not online (to fail over or
   * to wait for fencing) and those not started (they may now have somewhere to start). After a
   * recent join (failback), a standby begun or ended (a member's transition time moves), or while
   * quorum is lost or just changed, every service. A started service on an online node is otherwise
   * left to its own status checks, so that one lost node does not wake every service of the
   * cluster.
   */
  static Predicate<ClusterService> affectedBy(HACluster c, Instant now) {
    var st = c.getStatus();
    if (!Boolean.TRUE.equals(st.quorate()) || recent(st.quorumTransitionTime(), now)) {
      return s -> true;
    }
    Set<String> online = new java.util.HashSet<>();
    boolean joined = false;
    for (var m : st.membersOrEmpty()) {
      if (m.state() == dev.rgmanager.api.v1alpha1.MemberState.ONLINE) {
        online.add(m.name());
        joined |= recent(m.lastTransitionTime(), now);
      }
    }
    if (joined) {
      return s -> true;
    }
    return s ->
        s.getStatus().state() != dev.rgmanager.api.v1alpha1.ServiceState.STARTED
            || !online.contains(s.getStatus().owner());
  }

  private static boolean recent(String time, Instant now) {
    if (time == null) {
      return true;
    }
    try {
      return Duration.between(Instant.parse(time), now).compareTo(RECENT) < 0;
    } catch (java.time.format.DateTimeParseException e) {
      return true;
    }
  }

  List<EventSource<?, ClusterService>> create(EventSourceContext<ClusterService> ctx) {
    IndexerResourceCache<ClusterService> primary = ctx.getPrimaryCache();
    clusters =
        new InformerEventSource<>(
            InformerEventSourceConfiguration.from(HACluster.class, ClusterService.class)
                .withName(CLUSTERS)
                .withItemStore(new StrippedItemStore<>())
                .withWatchAllNamespaces()
                .withOnUpdateFilter(
                    (next, prev) -> !membershipSignature(next).equals(membershipSignature(prev)))
                .withSecondaryToPrimaryMapper(
                    c -> matching(primary, affectedBy(c, clock.instant())))
                .build(),
            ctx);
    domains =
        new ChangeCountingEventSource<>(
            InformerEventSourceConfiguration.from(FailoverDomain.class, ClusterService.class)
                .withName(DOMAINS)
                .withItemStore(new StrippedItemStore<>())
                .withSecondaryToPrimaryMapper(
                    d ->
                        matching(
                            primary,
                            s ->
                                Objects.equals(
                                        s.getMetadata().getNamespace(),
                                        d.getMetadata().getNamespace())
                                    && Objects.equals(
                                        s.getSpec().domain(), d.getMetadata().getName())))
                .build(),
            ctx);
    services =
        new ChangeCountingEventSource<>(
            InformerEventSourceConfiguration.from(ClusterService.class, ClusterService.class)
                .withName(DEPENDENCIES)
                .withItemStore(new StrippedItemStore<>())
                .withSecondaryToPrimaryMapper(
                    dep ->
                        matching(
                            primary,
                            s ->
                                Objects.equals(
                                        s.getMetadata().getNamespace(),
                                        dep.getMetadata().getNamespace())
                                    && Objects.equals(
                                        s.getSpec().depend(), dep.getMetadata().getName())))
                .build(),
            ctx);
    var pods = owned(ctx, Pod.class, "pods");
    var addresses = owned(ctx, Service.class, "addresses");
    var claims = owned(ctx, PersistentVolumeClaim.class, "claims");
    var nodes = NodeCache.source(ctx, ClusterService.class);
    var guards = owned(ctx, PodDisruptionBudget.class, "eviction-guards");
    objects = new ObjectCache(ctx.getClient(), pods, addresses, claims, nodes, guards);
    List<EventSource<?, ClusterService>> all =
        new java.util.ArrayList<>(
            List.of(clusters, domains, services, pods, addresses, claims, nodes, guards));
    if (KubeVirtSources.served(ctx.getClient())) {
      KubeVirtSources vms = new KubeVirtSources(ctx, nodes);
      kubevirt = vms.cache();
      all.addAll(vms.sources());
    } else {
      kubevirt = KubeVirtCache.absent();
    }
    return all;
  }

  /** KubeVirt's objects, or what stands for them where KubeVirt's API is not served. */
  VmObjects kubevirt() {
    return kubevirt;
  }

  /**
   * An informer over the objects the operator makes for services (labelled with the service's
   * name), which wakes the service when one of them changes: a pod turning Ready, terminating or
   * gone moves a transition on at once instead of at the next poll. Claims are watched whole, as a
   * service may name a claim the administrator made.
   */
  private static <R extends HasMetadata> InformerEventSource<R, ClusterService> owned(
      EventSourceContext<ClusterService> ctx, Class<R> type, String name) {
    var config =
        InformerEventSourceConfiguration.from(type, ClusterService.class)
            .withName(name)
            .withItemStore(new StrippedItemStore<>())
            .withNamespacesInheritedFromController()
            .withSecondaryToPrimaryMapper(ServiceEventSources::labelledService);
    if (type != PersistentVolumeClaim.class) {
      config = config.withLabelSelector(Labels.MANAGED_BY + "=" + Labels.OPERATOR);
    }
    return new InformerEventSource<>(config.build(), ctx);
  }

  /** The service an object names by its label (the operator's objects), or none. */
  static Set<ResourceID> labelledService(HasMetadata o) {
    var labels = o.getMetadata().getLabels();
    String service = labels == null ? null : labels.get(Labels.SERVICE);
    return service == null
        ? Set.of()
        : Set.of(new ResourceID(service, o.getMetadata().getNamespace()));
  }

  static Set<ResourceID> matching(
      IndexerResourceCache<ClusterService> services, Predicate<ClusterService> which) {
    return services.list().filter(which).map(ResourceID::fromResource).collect(Collectors.toSet());
  }
}
