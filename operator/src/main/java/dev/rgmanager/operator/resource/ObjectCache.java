package dev.rgmanager.operator.resource;

import dev.rgmanager.api.v1alpha1.ClusterService;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.jboss.logging.Logger;

/**
 * The Kubernetes objects the actuators work with, read from the service reconciler's informer
 * caches (a status check or a transition step costs no read request) and written through them: an
 * object the operator creates or changes is in the cache at once, so the next step never acts on a
 * cache that has not yet seen the previous one.
 *
 * <p>Safety: a cache can lag, never invent. A pod the operator created is cached on creation; a pod
 * it deleted stays cached (terminating) until the API server confirms it is gone, so "stopped" is
 * never seen early. A create that finds the object already there is treated as done only when that
 * object carries this service's labels and owner (made by a previous leader, not yet seen); any
 * other object of that name is refused with {@link NameTakenException}.
 */
public final class ObjectCache implements AddressServices, AppPods {
  private static final Logger LOG = Logger.getLogger(ObjectCache.class);

  /** The pods' index by owning service: "namespace/service". */
  public static final String BY_SERVICE = "by-service";

  private final KubernetesClient client;
  private final InformerEventSource<Pod, ClusterService> pods;
  private final InformerEventSource<Service, ClusterService> addresses;
  private final InformerEventSource<PersistentVolumeClaim, ClusterService> claims;
  private final InformerEventSource<Node, ClusterService> nodes;
  private final InformerEventSource<PodDisruptionBudget, ClusterService> guards;
  // Pods created by the operator, by owning "namespace/service", until the informer has seen them.
  private final Map<ResourceID, String> recentCreates = new ConcurrentHashMap<>();

  public ObjectCache(
      KubernetesClient client,
      InformerEventSource<Pod, ClusterService> pods,
      InformerEventSource<Service, ClusterService> addresses,
      InformerEventSource<PersistentVolumeClaim, ClusterService> claims,
      InformerEventSource<Node, ClusterService> nodes,
      InformerEventSource<PodDisruptionBudget, ClusterService> guards) {
    this.client = client;
    this.guards = guards;
    this.pods = pods;
    this.addresses = addresses;
    this.claims = claims;
    this.nodes = nodes;
    Function<Pod, List<String>> byService =
        p -> {
          var labels = p.getMetadata().getLabels();
          String svc = labels == null ? null : labels.get(Labels.SERVICE);
          return svc == null ? List.of() : List.of(p.getMetadata().getNamespace() + "/" + svc);
        };
    pods.addIndexers(Map.of(BY_SERVICE, byService));
  }

  @Override
  public Pod pod(String namespace, String name) {
    return pods.get(new ResourceID(name, namespace)).orElse(null);
  }

  /**
   * Every pod the operator made for {@code service}, on any node: those the informer has seen, and
   * those the operator created that it has not seen yet. The informer's index alone would miss a
   * pod created a moment ago, and a stop must never be judged complete while such a pod exists.
   */
  @Override
  public List<Pod> podsOf(ClusterService service) {
    String key = service.getMetadata().getNamespace() + "/" + service.getMetadata().getName();
    List<Pod> seen = pods.byIndex(BY_SERVICE, key);
    List<Pod> out = new ArrayList<>(seen);
    recentCreates.forEach(
        (id, owner) -> {
          if (!owner.equals(key)) {
            return;
          }
          boolean indexed =
              seen.stream().anyMatch(p -> p.getMetadata().getName().equals(id.getName()));
          var cached = pods.get(id);
          if (indexed || cached.isEmpty()) {
            recentCreates.remove(id);
          } else {
            out.add(cached.get());
          }
        });
    return out;
  }

  @Override
  public Service address(String namespace, String name) {
    return addresses.get(new ResourceID(name, namespace)).orElse(null);
  }

  @Override
  public Service liveAddress(String namespace, String name) {
    return client.services().inNamespace(namespace).withName(name).get();
  }

  public PersistentVolumeClaim claim(String namespace, String name) {
    return claims.get(new ResourceID(name, namespace)).orElse(null);
  }

  public Node node(String name) {
    return nodes.get(new ResourceID(name)).orElse(null);
  }

  /**
   * The node as the API server has it now, not as the cache last saw it; null when it cannot be
   * read. For the rare decision that must not act on a cache that lags (a failed status check).
   */
  public Node nodeNow(String name) {
    try {
      return client.nodes().withName(name).get();
    } catch (KubernetesClientException e) {
      return null;
    }
  }

  @Override
  public void createPod(Pod pod) {
    var labels = pod.getMetadata().getLabels();
    recentCreates.put(
        ResourceID.fromResource(pod),
        pod.getMetadata().getNamespace() + "/" + labels.get(Labels.SERVICE));
    create(pod, pods);
  }

  @Override
  public void ensureEvictionGuard(ClusterService service) {
    String ns = service.getMetadata().getNamespace();
    if (guards.get(new ResourceID(EvictionGuard.name(service), ns)).isPresent()) {
      return;
    }
    try {
      create(EvictionGuard.desired(service), guards);
    } catch (KubernetesClientException e) {
      // Never a reason not to run the service: without its guard, a drain evicts the pods, the
      // status check fails on a member in standby, and the service moves (not in tree order).
      LOG.warnf(
          "service=%s/%s decision=no-eviction-guard reason=%s (HTTP %d): kubectl drain will evict"
              + " its pods instead of waiting for the move",
          ns,
          service.getMetadata().getName(),
          e.getStatus() == null ? "" : e.getStatus().getReason(),
          e.getCode());
    }
  }

  public void createClaim(PersistentVolumeClaim claim) {
    create(claim, claims);
  }

  /** Creates or changes a Service to match {@code desired} (server-side apply, one request). */
  @Override
  public void applyAddress(Service desired) {
    // A Service of that name made by someone else (or for another service) must stay theirs: the
    // forced apply below would otherwise take it over. Only one the cache lacks costs a read.
    Service existing =
        address(desired.getMetadata().getNamespace(), desired.getMetadata().getName());
    if (existing == null) {
      existing = client.resource(desired).get();
    }
    if (existing != null) {
      alreadyThere(existing, desired);
    }
    addresses.eventFilteringUpdateAndCacheResource(
        desired,
        s -> client.resource(s).fieldManager(Labels.OPERATOR).forceConflicts().serverSideApply());
  }

  @Override
  public void deletePod(Pod pod, Long graceSeconds) {
    var op = client.pods().inNamespace(pod.getMetadata().getNamespace()).resource(pod);
    (graceSeconds == null ? op : op.withGracePeriod(graceSeconds)).delete();
  }

  private <R extends HasMetadata> void create(
      R object, InformerEventSource<R, ClusterService> source) {
    create(client, object, source);
  }

  /**
   * Creates {@code object} through the informer's cache; a create that finds it there is done only
   * if it is this service's ({@link #alreadyThere}). Shared with {@link KubeVirtCache}.
   */
  static <R extends HasMetadata> void create(
      KubernetesClient client, R object, InformerEventSource<R, ClusterService> source) {
    try {
      source.eventFilteringUpdateAndCacheResource(object, r -> client.resource(r).create());
    } catch (KubernetesClientException e) {
      if (e.getCode() != 409) {
        throw e;
      }
      R existing = client.resource(object).get();
      if (existing == null) {
        throw e; // Gone again since: the next reconcile creates it.
      }
      alreadyThere(existing, object);
    }
  }

  /**
   * A create that found the object there is done only if the object is this service's (a previous
   * leader's step that this cache has not seen yet); under any other owner it is refused.
   */
  static void alreadyThere(HasMetadata existing, HasMetadata desired) {
    if (!Ownership.ours(existing, desired)) {
      throw new NameTakenException(existing);
    }
  }
}
