package dev.rgmanager.fence.ipmi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rgmanager.fence.FenceAgent;
import dev.rgmanager.fence.FenceAgents;
import dev.rgmanager.fence.FenceException;
import dev.rgmanager.fence.FenceResult;
import dev.rgmanager.fence.PowerState;
import dev.rgmanager.fence.Secret;
import dev.rgmanager.fence.testing.IpmiSimPeer;
import dev.rgmanager.fence.testing.TestingAttackerUdpProxy;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Replies the agent refuses inside a session, against ipmi_sim behind a man in the middle: forged
 * "chassis is off" answers, and genuine answers replayed once the 6-bit request sequence wraps.
 */
class IpmiRefusedRepliesTest {
  /** Request sequence numbers (rqSeq) have six bits: the 65th request reuses the first's. */
  private static final int RQ_SEQ_PERIOD = 64;

  private static IpmiSimPeer bmc;

  /** How an attacker without the session keys dresses a forged reply. */
  enum Forgery {
    /** Plain IPMI payload, neither signed nor encrypted. */
    UNAUTHENTICATED,
    /** Marked signed and encrypted, with an all-zero AuthCode. */
    ZERO_AUTH_CODE,
    /** Signed and encrypted, but with keys of the attacker's own. */
    WRONG_KEYS
  }

  @BeforeAll
  static void startBmc() throws Exception {
    bmc = IpmiSimPeer.start();
  }

  @AfterAll
  static void stopBmc() {
    if (bmc != null) {
      bmc.close();
    }
  }

  @BeforeEach
  void powerOn() throws Exception {
    bmc.setPowered(true);
    bmc.takePowerLog();
  }

  @ParameterizedTest
  @EnumSource(Forgery.class)
  void aForgedChassisOffIsIgnored(Forgery forgery) throws Exception {
    // Ahead of every real answer, one forged "off" for each of the 64 possible rqSeq values.
    try (var attacker =
        new TestingAttackerUdpProxy(
            bmc.port(), seen -> forgedOffReplies(forgery, seen.consoleSessionId()))) {
      FenceResult r = agent(attacker.port()).status();
      assertThat(attacker.injected()).isPositive();
      assertThat(r.succeeded()).as(r.message()).isTrue();
      assertThat(r.state()).isEqualTo(PowerState.ON);
    }
  }

  @Test
  void aReplayedGenuineReplyIsIgnored() throws Exception {
    try (var attacker =
            new TestingAttackerUdpProxy(bmc.port(), IpmiRefusedRepliesTest::replayOneWrapBack);
        IpmiSession session = IpmiSession.open(endpoint(attacker.port()), password())) {
      Chassis chassis = new Chassis(session);
      bmc.setPowered(false);
      assertThat(chassis.power()).isEqualTo(PowerState.OFF);
      bmc.setPowered(true);
      // The 64th power read after the "off" one reuses its rqSeq; the attacker replays it then.
      for (int i = 0; i < RQ_SEQ_PERIOD + 8; i++) {
        assertThat(chassis.power())
            .as("power read %d after the off one", i + 1)
            .isEqualTo(PowerState.ON);
      }
      assertThat(attacker.injected()).isPositive();
    }
  }

  @Test
  void aRebootWhosePowerOffOutlastsTheSequenceWrapReportsTheTruth() throws Exception {
    bmc.delayPowerOff(100);
    int readsBefore = bmc.powerReads();
    // The worst moment for a replay: the chassis has just gone off, and a stale "on" from the
    // power-off wait (same rqSeq, 64 requests earlier) would make it look "already ON".
    try (var attacker =
        new TestingAttackerUdpProxy(
            bmc.port(), seen -> bmc.powered() ? List.of() : replayOneWrapBack(seen))) {
      FenceResult r = agent(attacker.port(), "method", "onoff").reboot();
      assertThat(r.succeeded()).as(r.message()).isTrue();
      assertThat(r.state()).isEqualTo(PowerState.ON);
      assertThat(bmc.powered()).isTrue();
      assertThat(bmc.takePowerLog()).containsExactly("set power 0", "set power 1");
      assertThat(bmc.powerReads() - readsBefore).isGreaterThan(100);
      assertThat(attacker.injected()).isPositive();
    }
  }

  @Test
  void aPowerOffWaitOfSeveralHundredPollsEndsOff() throws Exception {
    bmc.delayPowerOff(300);
    int readsBefore = bmc.powerReads();
    FenceResult r = agent(bmc.port()).off();
    assertThat(r.succeeded()).as(r.message()).isTrue();
    assertThat(r.state()).isEqualTo(PowerState.OFF);
    assertThat(bmc.powered()).isFalse();
    assertThat(bmc.powerReads() - readsBefore).isGreaterThanOrEqualTo(300);
  }

  private static List<byte[]> replayOneWrapBack(TestingAttackerUdpProxy.Seen seen) {
    int earlier = seen.request() - RQ_SEQ_PERIOD;
    return earlier >= 0 && earlier < seen.genuineReplies().size()
        ? List.of(seen.genuineReplies().get(earlier))
        : List.of();
  }

  private static List<byte[]> forgedOffReplies(Forgery forgery, int consoleSessionId) {
    List<byte[]> out = new ArrayList<>();
    for (int rqSeq = 0; rqSeq < RQ_SEQ_PERIOD; rqSeq++) {
      // A far-ahead session sequence number, so only the missing authentication can refuse it.
      out.add(forged(forgery, consoleSessionId, 0x4000_0000 + rqSeq, chassisOff(rqSeq)));
    }
    return out;
  }

  private static byte[] forged(Forgery forgery, int sessionId, int sequence, byte[] message) {
    SessionKeys attackers = new SessionKeys(CipherSuite.SUITE_3, IpmiSession.random(20));
    return switch (forgery) {
      case UNAUTHENTICATED -> {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {0x06, 0x00, (byte) 0xff, 0x07, 0x06, 0x00});
        RmcpPlusPacket.writeInt(out, sessionId);
        RmcpPlusPacket.writeInt(out, sequence);
        out.write(message.length);
        out.write(0);
        out.writeBytes(message);
        yield out.toByteArray();
      }
      case ZERO_AUTH_CODE -> {
        byte[] p = RmcpPlusPacket.sealed(attackers, sessionId, sequence, message);
        Arrays.fill(p, p.length - attackers.integrityLength(), p.length, (byte) 0);
        yield p;
      }
      case WRONG_KEYS -> RmcpPlusPacket.sealed(attackers, sessionId, sequence, message);
    };
  }

  /** A Get Chassis Status response saying the chassis is off. */
  private static byte[] chassisOff(int rqSeq) {
    byte[] m = {(byte) 0x81, 0x04, 0, 0x20, (byte) (rqSeq << 2), 0x01, 0x00, 0x00, 0x00, 0x00, 0};
    m[2] = checksum(m, 0, 2);
    m[m.length - 1] = checksum(m, 3, m.length - 1);
    return m;
  }

  private static byte checksum(byte[] b, int from, int to) {
    int sum = 0;
    for (int i = from; i < to; i++) {
      sum += b[i] & 0xff;
    }
    return (byte) -sum;
  }

  private static BmcEndpoint endpoint(int port) {
    return BmcEndpoint.of("127.0.0.1", port, IpmiSimPeer.USER);
  }

  private static Secret password() {
    return Secret.of(IpmiSimPeer.PASSWORD);
  }

  private static FenceAgent agent(int port, String... extra) throws FenceException {
    Map<String, String> p = new HashMap<>();
    p.put("ip", "127.0.0.1");
    p.put("ipport", Integer.toString(port));
    p.put("username", IpmiSimPeer.USER);
    p.put("power_wait", "0");
    p.put("power_timeout", "60");
    p.put("poll_interval", "0.01");
    for (int i = 0; i < extra.length; i += 2) {
      p.put(extra[i], extra[i + 1]);
    }
    return FenceAgents.create("ipmilan", p, password());
  }
}
