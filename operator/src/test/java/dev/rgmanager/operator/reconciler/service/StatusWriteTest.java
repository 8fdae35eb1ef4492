package dev.rgmanager.operator.reconciler.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rgmanager.api.v1alpha1.ClusterServiceStatus;
import dev.rgmanager.api.v1alpha1.ResourceStatus;
import dev.rgmanager.api.v1alpha1.ServiceState;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A status is written when something a user acts on changes, not for a resource's detail text. */
class StatusWriteTest {
  private static ClusterServiceStatus status(ServiceState state, String appState, String detail) {
    return new ClusterServiceStatus(
        1L,
        state,
        "node-2",
        null,
        "2026-11-30T12:00:00Z",
        null,
        List.of(new ResourceStatus("app", "app", appState, detail)),
        null,
        null,
        "app is starting",
        List.of());
  }

  @Test
  void aResourceDetailAloneIsNotWritten() {
    assertThat(
            StatusDraft.worthWriting(
                status(ServiceState.STARTING, "starting", "starting on node-2"),
                status(ServiceState.STARTING, "starting", "pod app-node-2 is not ready")))
        .isFalse();
  }

  @Test
  void aResourceStateChangeIsWritten() {
    assertThat(
            StatusDraft.worthWriting(
                status(ServiceState.STARTING, "starting", "starting on node-2"),
                status(ServiceState.STARTING, "failed", "pod app-node-2 failed")))
        .isTrue();
  }

  @Test
  void theFirstStatusAndAStateChangeAreWritten() {
    var started = status(ServiceState.STARTED, "started", "pod is ready");
    assertThat(StatusDraft.worthWriting(null, started)).isTrue();
    assertThat(
            StatusDraft.worthWriting(
                status(ServiceState.STARTING, "started", "pod is ready"), started))
        .isTrue();
  }
}
