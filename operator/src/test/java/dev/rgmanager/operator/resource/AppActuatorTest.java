package dev.rgmanager.operator.resource;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rgmanager.api.v1alpha1.ClusterService;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import org.junit.jupiter.api.Test;

class AppActuatorTest {
  private static ClusterService service() {
    ClusterService svc = new ClusterService();
    svc.setMetadata(
        new ObjectMetaBuilder().withName("foo").withNamespace("ha").withUid("u1").build());
    return svc;
  }

  @Test
  void podIsBoundToTheOwnerAndMountsItsParentVolume() {
    TreeEntry script = TreePlanTest.FOO.startOrder().get(1);
    Pod pod = AppActuator.desired(service(), withContainer(script), "node-2");
    assertThat(pod.getSpec().getNodeName()).isEqualTo("node-2");
    assertThat(pod.getMetadata().getName()).isEqualTo(Names.child("foo", "script", "node-2"));
    assertThat(pod.getMetadata().getName()).startsWith("foo-script-node-2-");
    assertThat(pod.getMetadata().getLabels())
        .containsEntry(Labels.SERVICE, "foo")
        .containsEntry(Labels.OWNER, "node-2");
    assertThat(pod.getSpec().getVolumes())
        .singleElement()
        .satisfies(v -> assertThat(v.getPersistentVolumeClaim().getClaimName()).isEqualTo("data"));
    assertThat(pod.getSpec().getContainers().get(0).getVolumeMounts())
        .singleElement()
        .satisfies(m -> assertThat(m.getMountPath()).isEqualTo("/data"));
    assertThat(pod.getMetadata().getOwnerReferences())
        .singleElement()
        .satisfies(o -> assertThat(o.getUid()).isEqualTo("u1"));
  }

  @Test
  void readinessRestartsAndPhaseDecideHealth() {
    assertThat(AppActuator.health(null).health()).isEqualTo(ResourceHealth.STOPPED);
    Pod ready =
        new PodBuilder()
            .withNewMetadata()
            .withName("p")
            .endMetadata()
            .withNewStatus()
            .withPhase("Running")
            .addNewCondition()
            .withType("Ready")
            .withStatus("True")
            .endCondition()
            .endStatus()
            .build();
    assertThat(AppActuator.health(ready).health()).isEqualTo(ResourceHealth.STARTED);
    Pod restarted =
        new PodBuilder(ready)
            .editStatus()
            .addNewContainerStatus()
            .withName("c")
            .withRestartCount(1)
            .endContainerStatus()
            .endStatus()
            .build();
    assertThat(AppActuator.health(restarted).health()).isEqualTo(ResourceHealth.FAILED);
    Pod failed =
        new PodBuilder()
            .withNewMetadata()
            .withName("p")
            .endMetadata()
            .withNewStatus()
            .withPhase("Failed")
            .endStatus()
            .build();
    assertThat(AppActuator.health(failed).health()).isEqualTo(ResourceHealth.FAILED);
    Pod terminating =
        new PodBuilder(ready)
            .editMetadata()
            .withDeletionTimestamp("2026-01-01T00:00:00Z")
            .endMetadata()
            .build();
    assertThat(AppActuator.health(terminating).health()).isEqualTo(ResourceHealth.STOPPING);
  }

  private static TreeEntry withContainer(TreeEntry entry) {
    var app =
        new dev.rgmanager.api.v1alpha1.AppResource(
            java.util.Map.of(
                "spec",
                java.util.Map.of(
                    "containers",
                    java.util.List.of(
                        java.util.Map.of("name", "app", "image", "registry.k8s.io/pause:3.10")))));
    var node =
        new dev.rgmanager.api.v1alpha1.ChildResource(
            entry.name(), null, null, app, null, null, null);
    return new TreeEntry(node, entry.ancestors());
  }
}
