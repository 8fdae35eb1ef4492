package dev.rgmanager.fence.ipmi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rgmanager.fence.FenceAgent;
import dev.rgmanager.fence.FenceAgents;
import dev.rgmanager.fence.FenceResult;
import dev.rgmanager.fence.Secret;
import dev.rgmanager.fence.testing.IpmiSimPeer;
import dev.rgmanager.fence.testing.TestingLossyUdpProxy;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Lost UDP datagrams (every 7th, both ways) are retransmitted: power fencing still works. */
class IpmiPacketLossTest {
  private static IpmiSimPeer bmc;
  private static TestingLossyUdpProxy network;

  @BeforeAll
  static void start() throws Exception {
    bmc = IpmiSimPeer.start();
    network = new TestingLossyUdpProxy(bmc.port(), 7);
  }

  @AfterAll
  static void stop() {
    if (network != null) {
      network.close();
    }
    if (bmc != null) {
      bmc.close();
    }
  }

  @Test
  void everyOperationSucceedsDespiteLoss() throws Exception {
    bmc.setPowered(true);
    FenceAgent agent =
        FenceAgents.create(
            "ipmilan",
            Map.of(
                "ip", "127.0.0.1",
                "ipport", Integer.toString(network.port()),
                "username", IpmiSimPeer.USER,
                "power_wait", "0",
                "ipmi_retransmit", "0.2",
                "login_timeout", "5"),
            Secret.of(IpmiSimPeer.PASSWORD));
    int failures = 0;
    StringBuilder why = new StringBuilder();
    for (int i = 0; i < 12; i++) {
      FenceResult r = i % 2 == 0 ? agent.off() : agent.on();
      if (!r.succeeded()) {
        failures++;
        why.append(r.message()).append('\n');
      }
    }
    System.out.printf("12 IPMI power operations with %d datagrams dropped%n", network.dropped());
    assertThat(network.dropped()).isPositive();
    assertThat(failures).as(why.toString()).isZero();
    assertThat(bmc.powered()).isTrue();
  }
}
