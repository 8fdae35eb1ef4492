package dev.rgmanager.operator.resource;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rgmanager.api.v1alpha1.AppResource;
import dev.rgmanager.api.v1alpha1.ChildResource;
import dev.rgmanager.api.v1alpha1.ClusterService;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The pods left on a fenced node are deleted at once, each once: a drive round with nothing left to
 * forget, or whose deletes the cache has not yet seen, reads the cache and sends no request.
 */
class ForgetFencedTest {
  private static final Set<String> FENCED = Set.of("node-1", "node-3");

  /** The informer's cache of pods, which (as the real one) lags the operator's own deletes. */
  static final class FakePods implements AppPods {
    final Map<String, Pod> cache = new LinkedHashMap<>();
    final List<String> deletes = new ArrayList<>();
    final List<String> writes = new ArrayList<>();

    @Override
    public Pod pod(String namespace, String name) {
      return cache.get(namespace + "/" + name);
    }

    @Override
    public List<Pod> podsOf(ClusterService service) {
      return cache.values().stream()
          .filter(
              p ->
                  service
                      .getMetadata()
                      .getName()
                      .equals(p.getMetadata().getLabels().get(Labels.SERVICE)))
          .toList();
    }

    @Override
    public void ensureEvictionGuard(ClusterService service) {
      writes.add("guard " + service.getMetadata().getName());
    }

    @Override
    public void createPod(Pod pod) {
      writes.add("pod " + pod.getMetadata().getName());
      cache.put(pod.getMetadata().getNamespace() + "/" + pod.getMetadata().getName(), pod);
    }

    @Override
    public void deletePod(Pod pod, Long graceSeconds) {
      deletes.add(pod.getMetadata().getName() + " grace " + graceSeconds);
    }

    /** The cache sees a newer version of the pod (deleting, held by a finalizer). */
    void seenDeleting(Pod pod, long graceSeconds) {
      createPod(
          new PodBuilder(pod)
              .editMetadata()
              .withResourceVersion(pod.getMetadata().getResourceVersion() + "1")
              .withDeletionTimestamp("2026-12-01T08:00:00Z")
              .withDeletionGracePeriodSeconds(graceSeconds)
              .endMetadata()
              .build());
    }

    void seenGone(Pod pod) {
      cache.remove(pod.getMetadata().getNamespace() + "/" + pod.getMetadata().getName());
    }
  }

  private final FakePods pods = new FakePods();
  private final AppActuator apps = new AppActuator(pods);
  private final ClusterService service = service();
  private final TreeEntry app = app();

  private static ClusterService service() {
    ClusterService svc = new ClusterService();
    svc.setMetadata(
        new ObjectMetaBuilder().withName("foo").withNamespace("ha").withUid("u1").build());
    return svc;
  }

  /** One app resource of a pause pod. */
  static TreeEntry app() {
    var template =
        new AppResource(
            Map.of(
                "spec",
                Map.of(
                    "containers",
                    List.of(Map.of("name", "app", "image", "registry.k8s.io/pause:3.10")))));
    return new TreeEntry(
        new ChildResource("app", null, null, template, null, null, null), List.of());
  }

  private Pod podOn(String node) {
    Pod pod = AppActuator.desired(service, app, node);
    pod.getMetadata().setUid("uid-" + node);
    pod.getMetadata().setResourceVersion("7");
    pods.createPod(pod);
    return pod;
  }

  private void driveRound() {
    apps.forgetFenced(service, app, FENCED);
  }

  @Test
  void aLeftoverIsDeletedOnceWhileTheCacheLags() {
    Pod left = podOn("node-1");
    podOn("node-2");
    driveRound();
    assertThat(pods.deletes).containsExactly(left.getMetadata().getName() + " grace 0");
    // The cache has not seen the delete yet: the next rounds ask nothing more.
    driveRound();
    driveRound();
    assertThat(pods.deletes).hasSize(1);
    // A finalizer holds the pod: it is deleting with grace 0, nothing more to ask.
    pods.seenDeleting(left, 0);
    driveRound();
    pods.seenGone(left);
    driveRound();
    assertThat(pods.deletes).hasSize(1);
  }

  @Test
  void nothingLeftOnAFencedNodeSendsNoRequest() {
    podOn("node-2");
    driveRound();
    driveRound();
    assertThat(pods.deletes).isEmpty();
  }

  /**
   * A pod a previous leader deleted at once is left to go; one whose stop was asked for before the
   * fencing waits for a kubelet that is gone, and is cut short, once.
   */
  @Test
  void aPodAlreadyDeletingIsCutShortOnlyIfItHasAGracePeriod() {
    Pod forgotten = podOn("node-1");
    pods.seenDeleting(forgotten, 0);
    Pod stopping = podOn("node-3");
    pods.seenDeleting(stopping, 30);
    driveRound();
    driveRound();
    assertThat(pods.deletes).containsExactly(stopping.getMetadata().getName() + " grace 0");
  }

  /** A pod of the same name made again (a new uid) is a new leftover. */
  @Test
  void aPodMadeAgainUnderTheSameNameIsForgottenToo() {
    Pod left = podOn("node-1");
    driveRound();
    pods.seenGone(left);
    Pod again = podOn("node-1");
    again.getMetadata().setUid("uid-again");
    driveRound();
    assertThat(pods.deletes).hasSize(2);
  }
}
