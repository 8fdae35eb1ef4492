package dev.rgmanager.operator.reconciler.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rgmanager.api.v1alpha1.ClusterService;
import dev.rgmanager.api.v1alpha1.ClusterServiceStatus;
import dev.rgmanager.api.v1alpha1.ResourceStatus;
import dev.rgmanager.api.v1alpha1.ServiceState;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Instant;
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
        List.of(),
        null);
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
    assertThat(StatusDraft.worthWriting(ClusterServiceStatus.empty(), started)).isTrue();
    assertThat(
            StatusDraft.worthWriting(
                status(ServiceState.STARTING, "started", "pod is ready"), started))
        .isTrue();
  }

  /**
   * A new service (its status empty, as read from the API) is written once; read back as the API
   * server sends it, the same draft is no change, so that no reconcile writes it again.
   */
  @Test
  void aNewServicesFirstStatusIsWrittenOnceOnly() throws Exception {
    ClusterService service = new ClusterService();
    service.setMetadata(
        new ObjectMetaBuilder().withName("foo").withNamespace("ha").withGeneration(1L).build());
    Instant now = Instant.parse("2026-12-01T08:00:00Z");
    ClusterServiceStatus first = noCluster(service, now);
    assertThat(StatusDraft.worthWriting(service.getStatus(), first)).isTrue();

    service.setStatus(first);
    ClusterService read =
        Serialization.jsonMapper()
            .readValue(
                Serialization.jsonMapper().writeValueAsString(service), ClusterService.class);
    ClusterServiceStatus again = noCluster(read, now.plusSeconds(10));
    assertThat(again).isEqualTo(read.getStatus());
    assertThat(StatusDraft.worthWriting(read.getStatus(), again)).isFalse();
  }

  private static ClusterServiceStatus noCluster(ClusterService service, Instant now) {
    StatusDraft draft = new StatusDraft(service, now);
    draft.condition(StatusDraft.READY, false, "NoHACluster", "no HACluster exists");
    return draft.build();
  }
}
