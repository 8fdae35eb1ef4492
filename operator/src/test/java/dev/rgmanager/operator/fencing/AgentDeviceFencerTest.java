package dev.rgmanager.operator.fencing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rgmanager.api.v1alpha1.FenceAgentType;
import dev.rgmanager.api.v1alpha1.FenceDevice;
import dev.rgmanager.api.v1alpha1.FenceDeviceSpec;
import dev.rgmanager.api.v1alpha1.ScsiSettings;
import dev.rgmanager.fence.FenceResult;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.net.ServerSocket;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What the operator hands an agent: configuration that cannot choose the action or the victim, and
 * the FenceDevice's timeout as the bound of a SCSI action. No Secret is referenced, so no API
 * server is needed.
 */
class AgentDeviceFencerTest {
  private final AgentDeviceFencer fencer =
      new AgentDeviceFencer(
          null,
          () -> "alpha",
          dev.rgmanager.fence.scsi.KeyWitness.inMemory(java.time.Clock.systemUTC()));

  private static FenceDevice device(FenceDeviceSpec spec) {
    FenceDevice d = new FenceDevice();
    d.setMetadata(new ObjectMetaBuilder().withName("dev").withNamespace("ns").build());
    d.setSpec(spec);
    return d;
  }

  private static FenceDevice external(Map<String, String> parameters) {
    return device(
        new FenceDeviceSpec(
            FenceAgentType.EXTERNAL, null, null, "fence_ipmilan", parameters, null, "10s", null));
  }

  @Test
  void aFenceDevicesParametersCannotSetTheActionOrTheVictim() {
    assertThatThrownBy(() -> fencer.agent(external(Map.of("action", "on")), Map.of(), "node-1"))
        .hasMessageContaining("'action'")
        .hasMessageContaining("operator sets the action");
    assertThatThrownBy(() -> fencer.agent(external(Map.of("option", "on")), Map.of(), "node-1"))
        .hasMessageContaining("'option'");
    assertThatThrownBy(
            () -> fencer.agent(external(Map.of("port", "other-node")), Map.of(), "node-1"))
        .hasMessageContaining("'port'")
        .hasMessageContaining("operator sets the node");
    assertThatThrownBy(
            () ->
                fencer.agent(external(Map.of("ipaddr", "10.0.0.9\naction=on")), Map.of(), "node-1"))
        .hasMessageContaining("'ipaddr'")
        .hasMessageContaining("control character");
  }

  @Test
  void aNodesFenceMethodNamesItsPlugButNotTheAction() throws Exception {
    // plug/port in the node's use of a PDU is how the operator learns the victim's outlet.
    assertThat(fencer.agent(external(Map.of("ipaddr", "10.0.0.9")), Map.of("port", "7"), "node-1"))
        .isNotNull();
    assertThatThrownBy(
            () ->
                fencer.agent(
                    external(Map.of("ipaddr", "10.0.0.9")), Map.of("option", "on"), "node-1"))
        .hasMessageContaining("'option'");
    assertThatThrownBy(
            () ->
                fencer.agent(
                    external(Map.of("ipaddr", "10.0.0.9")),
                    Map.of("port", "7", "plug", "8"),
                    "node-1"))
        .hasMessageContaining("two different plugs");
  }

  @Test
  void theScsiDeviceTimeoutBoundsTheWholeFenceAction() throws Exception {
    // A portal that accepts and never answers: only the device's 1s timeout can end the action.
    try (ServerSocket silent = new ServerSocket(0)) {
      FenceDevice lun =
          device(
              new FenceDeviceSpec(
                  FenceAgentType.SCSI,
                  null,
                  new ScsiSettings(
                      "127.0.0.1:" + silent.getLocalPort(), "iqn.2024-01.test:lun", 1, null, null),
                  null,
                  null,
                  null,
                  "1s",
                  null));
      long start = System.nanoTime();
      FenceResult r = fencer.agent(lun, Map.of(), "node-b").off();
      long millis = (System.nanoTime() - start) / 1_000_000;
      assertThat(r.succeeded()).isFalse();
      assertThat(r.message()).contains("device timeout of 1.0s");
      assertThat(millis).isLessThan(5_000);
    }
  }
}
