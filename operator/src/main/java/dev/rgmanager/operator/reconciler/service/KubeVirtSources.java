package dev.rgmanager.operator.reconciler.service;

import dev.rgmanager.api.v1alpha1.ClusterService;
import dev.rgmanager.api.v1alpha1.ResourceNode;
import dev.rgmanager.api.v1alpha1.ResourceType;
import dev.rgmanager.operator.reconciler.StrippedItemStore;
import dev.rgmanager.operator.resource.KubeVirt;
import dev.rgmanager.operator.resource.KubeVirtCache;
import dev.rgmanager.operator.resource.Labels;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.IndexerResourceCache;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;

/**
 * The informers over KubeVirt's objects, registered only where its API is served: the
 * VirtualMachines (templates), their instances and the virt-launcher pods (all in the services'
 * namespaces, whoever made them, for VM tracking), and the migrations the operator made. A change
 * to any of them wakes the services whose tree names that VM.
 */
final class KubeVirtSources {
  private final InformerEventSource<GenericKubernetesResource, ClusterService> machines;
  private final InformerEventSource<GenericKubernetesResource, ClusterService> instances;
  private final InformerEventSource<GenericKubernetesResource, ClusterService> migrations;
  private final InformerEventSource<Pod, ClusterService> launchers;
  private final KubeVirtCache cache;

  KubeVirtSources(
      EventSourceContext<ClusterService> ctx, InformerEventSource<Node, ClusterService> nodes) {
    IndexerResourceCache<ClusterService> primary = ctx.getPrimaryCache();
    machines =
        source(
            ctx,
            InformerEventSourceConfiguration.from(KubeVirt.VIRTUAL_MACHINE, ClusterService.class),
            "virtualmachines",
            primary,
            o -> o.getMetadata().getName(),
            null);
    instances =
        source(
            ctx,
            InformerEventSourceConfiguration.from(KubeVirt.INSTANCE, ClusterService.class),
            "vm-instances",
            primary,
            o -> o.getMetadata().getName(),
            null);
    migrations =
        new InformerEventSource<>(
            InformerEventSourceConfiguration.from(KubeVirt.MIGRATION, ClusterService.class)
                .withName("vm-migrations")
                .withItemStore(new StrippedItemStore<>())
                .withNamespacesInheritedFromController()
                .withLabelSelector(Labels.MANAGED_BY + "=" + Labels.OPERATOR)
                .withSecondaryToPrimaryMapper(ServiceEventSources::labelledService)
                .build(),
            ctx);
    launchers =
        source(
            ctx,
            InformerEventSourceConfiguration.from(Pod.class, ClusterService.class),
            "vm-launchers",
            primary,
            KubeVirtSources::instanceOf,
            KubeVirt.LAUNCHER_LABEL + "=" + KubeVirt.LAUNCHER);
    cache = new KubeVirtCache(ctx.getClient(), machines, instances, migrations, launchers, nodes);
  }

  /** Whether the API server serves KubeVirt's VirtualMachineInstances. */
  static boolean served(KubernetesClient client) {
    try {
      return client.supports(KubeVirt.API_VERSION, KubeVirt.INSTANCE.getKind());
    } catch (KubernetesClientException e) {
      return false;
    }
  }

  KubeVirtCache cache() {
    return cache;
  }

  List<EventSource<?, ClusterService>> sources() {
    return List.of(machines, instances, migrations, launchers);
  }

  /** The instance a launcher pod runs (its owner's name), or null. */
  private static String instanceOf(Pod p) {
    var owners = p.getMetadata().getOwnerReferences();
    return owners == null
        ? null
        : owners.stream()
            .filter(o -> KubeVirt.INSTANCE.getKind().equals(o.getKind()))
            .map(o -> o.getName())
            .findFirst()
            .orElse(null);
  }

  /** An informer whose objects wake the services naming the VM {@code vmName} gives. */
  private static <R extends HasMetadata> InformerEventSource<R, ClusterService> source(
      EventSourceContext<ClusterService> ctx,
      InformerEventSourceConfiguration.Builder<R> config,
      String name,
      IndexerResourceCache<ClusterService> primary,
      Function<R, String> vmName,
      String labelSelector) {
    var b =
        config
            .withName(name)
            .withItemStore(new StrippedItemStore<>())
            .withNamespacesInheritedFromController()
            .withSecondaryToPrimaryMapper(
                o -> {
                  String vm = vmName.apply(o);
                  String ns = o.getMetadata().getNamespace();
                  return vm == null
                      ? Set.of()
                      : ServiceEventSources.matching(
                          primary,
                          s ->
                              Objects.equals(s.getMetadata().getNamespace(), ns)
                                  && namesVm(s.getSpec().resourcesOrEmpty(), vm));
                });
    if (labelSelector != null) {
      b = b.withLabelSelector(labelSelector);
    }
    return new InformerEventSource<>(b.build(), ctx);
  }

  static boolean namesVm(List<? extends ResourceNode> nodes, String vm) {
    for (ResourceNode n : nodes) {
      if (n.type() == ResourceType.VM && vm.equals(n.vm().name()) || namesVm(n.childNodes(), vm)) {
        return true;
      }
    }
    return false;
  }
}
