package dev.rgmanager.operator.resource;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rgmanager.api.v1alpha1.ClusterService;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import org.junit.jupiter.api.Test;

/**
 * A service's eviction guard refuses every eviction of exactly its pods, exists before its first
 * pod, and goes with the service.
 */
class EvictionGuardTest {
  private static ClusterService service(String name) {
    ClusterService svc = new ClusterService();
    svc.setMetadata(
        new ObjectMetaBuilder().withName(name).withNamespace("ha").withUid("u-" + name).build());
    svc.setApiVersion("rgmanager.dev/v1alpha1");
    svc.setKind("ClusterService");
    return svc;
  }

  private static TreeEntry app() {
    return ForgetFencedTest.app();
  }

  private static boolean selects(PodDisruptionBudget guard, Pod pod) {
    return pod.getMetadata().getNamespace().equals(guard.getMetadata().getNamespace())
        && pod.getMetadata()
            .getLabels()
            .entrySet()
            .containsAll(guard.getSpec().getSelector().getMatchLabels().entrySet());
  }

  @Test
  void itAllowsNoEvictionOfTheServicesPodsAndSelectsNoOtherServicesPods() {
    ClusterService foo = service("foo");
    PodDisruptionBudget guard = EvictionGuard.desired(foo);
    assertThat(guard.getSpec().getMaxUnavailable().getIntVal()).isZero();
    assertThat(guard.getSpec().getMinAvailable()).isNull();
    assertThat(selects(guard, AppActuator.desired(foo, app(), "node-1"))).isTrue();
    assertThat(selects(guard, AppActuator.desired(foo, app(), "node-2"))).isTrue();
    assertThat(selects(guard, AppActuator.desired(service("bar"), app(), "node-1"))).isFalse();
    assertThat(guard.getMetadata().getOwnerReferences())
        .singleElement()
        .satisfies(
            o -> {
              assertThat(o.getUid()).isEqualTo("u-foo");
              assertThat(o.getController()).isTrue();
            });
    assertThat(Ownership.ours(guard, EvictionGuard.desired(foo))).isTrue();
  }

  @Test
  void theGuardIsMadeBeforeTheFirstPod() {
    ForgetFencedTest.FakePods pods = new ForgetFencedTest.FakePods();
    ClusterService foo = service("foo");
    new AppActuator(pods).start(foo, app(), "node-1");
    assertThat(pods.writes)
        .containsExactly("guard foo", "pod " + AppActuator.podName(foo, app(), "node-1"));
  }
}
