package dev.rgmanager.operator.resource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rgmanager.api.v1alpha1.ClusterService;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A create that meets an existing object counts as done only when the object is this service's. */
class OwnershipTest {
  private static ClusterService service(String name, String uid) {
    ClusterService svc = new ClusterService();
    svc.setMetadata(
        new ObjectMetaBuilder().withName(name).withNamespace("ha").withUid(uid).build());
    return svc;
  }

  private static Pod pod(ClusterService owner, String resource) {
    return new PodBuilder()
        .withNewMetadata()
        .withName("db-app-x")
        .withNamespace("ha")
        .withLabels(Labels.of(owner, resource, "node-1"))
        .withOwnerReferences(Labels.ownerReference(owner))
        .endMetadata()
        .build();
  }

  @Test
  void aPreviousLeadersPodOfThisServiceIsDone() {
    ClusterService db = service("db", "u1");
    assertThatCode(() -> ObjectCache.alreadyThere(pod(db, "app-x"), pod(db, "app-x")))
        .doesNotThrowAnyException();
  }

  @Test
  void anotherServicesPodUnderTheNameIsRefused() {
    ClusterService db = service("db", "u1");
    ClusterService dbApp = service("db-app", "u2");
    assertThatThrownBy(() -> ObjectCache.alreadyThere(pod(db, "app-x"), pod(dbApp, "x")))
        .isInstanceOf(NameTakenException.class)
        .hasMessageContaining("Pod ha/db-app-x already exists and it belongs to ClusterService db")
        .hasMessageContaining("rename");
  }

  @Test
  void anObjectTheOperatorDidNotMakeIsRefused() {
    ClusterService db = service("db", "u1");
    Pod foreign =
        new PodBuilder()
            .withNewMetadata()
            .withName("db-app-x")
            .withNamespace("ha")
            .withLabels(Map.of("app", "db"))
            .endMetadata()
            .build();
    assertThatThrownBy(() -> ObjectCache.alreadyThere(foreign, pod(db, "app-x")))
        .isInstanceOf(NameTakenException.class)
        .hasMessageContaining("it was not made by the operator");
  }

  @Test
  void aServiceOfTheSameNameRecreatedIsNotTheOldOnesOwner() {
    ClusterService before = service("db", "u1");
    ClusterService after = service("db", "u2");
    assertThat(Ownership.ours(pod(before, "app-x"), pod(after, "app-x"))).isFalse();
    assertThat(Ownership.ours(pod(after, "app-x"), pod(after, "app-x"))).isTrue();
  }
}
