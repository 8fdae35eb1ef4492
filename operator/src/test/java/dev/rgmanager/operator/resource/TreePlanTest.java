package dev.rgmanager.operator.resource;

import static dev.rgmanager.operator.resource.ResourceHealth.FAILED;
import static dev.rgmanager.operator.resource.ResourceHealth.STARTED;
import static dev.rgmanager.operator.resource.ResourceHealth.STARTING;
import static dev.rgmanager.operator.resource.ResourceHealth.STOPPED;
import static dev.rgmanager.operator.resource.ResourceHealth.STOPPING;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rgmanager.api.v1alpha1.AddressResource;
import dev.rgmanager.api.v1alpha1.AppResource;
import dev.rgmanager.api.v1alpha1.ChildResource;
import dev.rgmanager.api.v1alpha1.ServiceResource;
import dev.rgmanager.api.v1alpha1.VolumeResource;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The seed's tree foo: myfs (volume) with child script (app), and ip beside myfs. */
class TreePlanTest {
  static final ResourceTree FOO =
      ResourceTree.of(
          List.of(
              new ServiceResource(
                  "myfs",
                  new VolumeResource("data", "1Gi", null, null),
                  null,
                  null,
                  null,
                  null,
                  List.of(
                      new ChildResource(
                          "script", null, null, new AppResource(Map.of()), null, null, null))),
              new ServiceResource(
                  "ip",
                  null,
                  new AddressResource(
                      null, null, List.of(new AddressResource.AddressPort(null, 80, null, null))),
                  null,
                  null,
                  null,
                  null)));

  @Test
  void startsParentsBeforeChildrenAndSiblingsInOrder() {
    assertThat(FOO.startOrder())
        .extracting(TreeEntry::name)
        .containsExactly("myfs", "script", "ip");
    assertThat(FOO.stopOrder()).extracting(TreeEntry::name).containsExactly("ip", "script", "myfs");
  }

  @Test
  void childWaitsForItsParentToBeStarted() {
    TreeStep step = TreePlan.nextStart(FOO, Map.of("myfs", STARTING));
    assertThat(step.kind()).isEqualTo(TreeStep.Kind.WAIT);
    assertThat(step.entry().name()).isEqualTo("myfs");
    step = TreePlan.nextStart(FOO, Map.of("myfs", STARTED));
    assertThat(step.kind()).isEqualTo(TreeStep.Kind.START);
    assertThat(step.entry().name()).isEqualTo("script");
  }

  @Test
  void startIsDoneOnlyWhenEveryResourceIsStarted() {
    assertThat(TreePlan.nextStart(FOO, Map.of("myfs", STARTED, "script", STARTED)).entry().name())
        .isEqualTo("ip");
    assertThat(
            TreePlan.nextStart(FOO, Map.of("myfs", STARTED, "script", STARTED, "ip", STARTED))
                .kind())
        .isEqualTo(TreeStep.Kind.DONE);
  }

  @Test
  void aFailedResourceFailsTheStart() {
    TreeStep step = TreePlan.nextStart(FOO, Map.of("myfs", STARTED, "script", FAILED));
    assertThat(step.kind()).isEqualTo(TreeStep.Kind.FAILED);
    assertThat(step.reason()).contains("script");
  }

  @Test
  void stopTakesChildrenDownBeforeTheirParent() {
    Map<String, ResourceHealth> running = Map.of("myfs", STARTED, "script", STARTED, "ip", STARTED);
    assertThat(TreePlan.nextStop(FOO, running).entry().name()).isEqualTo("ip");
    TreeStep step =
        TreePlan.nextStop(FOO, Map.of("myfs", STARTED, "script", STOPPING, "ip", STOPPED));
    assertThat(step.kind()).isEqualTo(TreeStep.Kind.WAIT);
    assertThat(step.entry().name()).isEqualTo("script");
    step = TreePlan.nextStop(FOO, Map.of("myfs", STARTED, "script", STOPPED, "ip", STOPPED));
    assertThat(step.kind()).isEqualTo(TreeStep.Kind.STOP);
    assertThat(step.entry().name()).isEqualTo("myfs");
    assertThat(TreePlan.nextStop(FOO, Map.of()).kind()).isEqualTo(TreeStep.Kind.DONE);
  }

  @Test
  void aTreeIsHealthyOnlyIfEveryResourceIsStarted() {
    assertThat(
            TreePlan.firstUnhealthy(
                FOO, Map.of("myfs", STARTED, "script", STARTING, "ip", STARTED)))
        .isEqualTo("script");
    assertThat(
            TreePlan.firstUnhealthy(FOO, Map.of("myfs", STARTED, "script", STARTED, "ip", STARTED)))
        .isNull();
  }
}
