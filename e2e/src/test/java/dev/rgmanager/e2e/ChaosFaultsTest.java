package dev.rgmanager.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rgmanager.e2e.ChaosCampaignE2E.Fault;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The campaign draws from the kinds -Dchaos.faults names, in its order, or from every kind. */
class ChaosFaultsTest {
  @Test
  void noListDrawsEveryKindInTheEnumsOrder() {
    assertThat(ChaosCampaignE2E.faults(null)).containsExactly(Fault.values());
    assertThat(ChaosCampaignE2E.faults(" ")).containsExactly(Fault.values());
  }

  @Test
  void aListIsKeptInItsOrderWhateverTheCaseAndSpaces() {
    assertThat(ChaosCampaignE2E.faults("etcd_paused, AGENT_TIMEOUT,API_SERVER_RESTARTED"))
        .isEqualTo(List.of(Fault.ETCD_PAUSED, Fault.AGENT_TIMEOUT, Fault.API_SERVER_RESTARTED));
  }

  @Test
  void anUnknownKindIsRefusedByName() {
    assertThatThrownBy(() -> ChaosCampaignE2E.faults("HANG,DISK_FULL"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'DISK_FULL'")
        .hasMessageContaining("AGENT_TIMEOUT");
  }
}
