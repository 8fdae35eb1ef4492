package dev.rgmanager.fence.scsi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rgmanager.fence.FenceAgent;
import dev.rgmanager.fence.FenceAgents;
import dev.rgmanager.fence.FenceResult;
import dev.rgmanager.fence.PowerState;
import dev.rgmanager.fence.Secret;
import dev.rgmanager.fence.cli.FenceMain;
import dev.rgmanager.fence.iscsi.IscsiSession;
import dev.rgmanager.fence.iscsi.IscsiTarget;
import dev.rgmanager.fence.iscsi.ScsiIo;
import dev.rgmanager.fence.testing.TgtdPeer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The fence_scsi algorithm against tgtd: two node initiators register; fencing one makes its WRITE
 * fail with RESERVATION CONFLICT while the other still writes; unfencing restores it.
 */
class ScsiFencingTest {
  private static final String CLUSTER = "alpha";
  private static TgtdPeer tgtd;
  private IscsiSession nodeA;
  private IscsiSession nodeB;
  private long keyA;
  private long keyB;

  @BeforeAll
  static void start() throws Exception {
    tgtd = TgtdPeer.start();
    tgtd.addLun(2);
  }

  @AfterAll
  static void stop() {
    if (tgtd != null) {
      tgtd.close();
    }
  }

  @BeforeEach
  void twoNodesJoin() throws Exception {
    tgtd.resetReservations();
    nodeA = lun("iqn.2024-01.test:node-a").login(Secret.none());
    nodeB = lun("iqn.2024-01.test:node-b").login(Secret.none());
    keyA = ReservationKey.forNodeName(CLUSTER, "node-a");
    keyB = ReservationKey.forNodeName(CLUSTER, "node-b");
    // Each node unfences itself through its own session, as fence_scsi runs "on" on the node.
    assertThat(ReservationFencing.unfence(reservations(nodeA), keyA).succeeded()).isTrue();
    assertThat(ReservationFencing.unfence(reservations(nodeB), keyB).succeeded()).isTrue();
  }

  @AfterEach
  void nodesLeave() {
    nodeA.close();
    nodeB.close();
  }

  private static IscsiTarget lun(String initiator) {
    return IscsiTarget.of("127.0.0.1", tgtd.port(), TgtdPeer.TARGET, 1, initiator);
  }

  private static PersistentReservations reservations(IscsiSession s) {
    return new ChannelReservations(s, "node LUN");
  }

  private static FenceAgent agent(String node) throws Exception {
    return FenceAgents.create(
        "scsi",
        Map.of(
            "portal",
            "127.0.0.1:" + tgtd.port(),
            "target",
            TgtdPeer.TARGET,
            "lun",
            "1",
            "cluster",
            CLUSTER,
            "plug",
            node),
        Secret.none());
  }

  /** A FenceDevice's own parameters for LUN {@code lun} of the test target: no victim. */
  private static Map<String, String> device(String cluster, int lun) {
    return Map.of(
        "portal",
        "127.0.0.1:" + tgtd.port(),
        "target",
        TgtdPeer.TARGET,
        "lun",
        Integer.toString(lun),
        "cluster",
        cluster);
  }

  /**
   * The operator's form: configuration apart from the victim, sightings kept in {@code witness}.
   */
  private static FenceAgent operatorAgent(String cluster, int lun, String node, KeyWitness witness)
      throws Exception {
    return FenceAgents.create(
        "scsi", device(cluster, lun), Map.of("plug", node), Secret.none(), witness);
  }

  private static int write(IscsiSession s) throws Exception {
    return ScsiIo.write(s, 3, new byte[512]).status();
  }

  @Test
  void bothRegisteredNodesWriteAndReportOn() throws Exception {
    assertThat(reservations(nodeA).readKeys()).contains(keyA, keyB);
    assertThat(reservations(nodeA).readReservation())
        .hasValueSatisfying(
            r -> assertThat(r.type()).isEqualTo(Reservation.WRITE_EXCLUSIVE_REGISTRANTS_ONLY));
    assertThat(write(nodeA)).isEqualTo(ScsiStatus.GOOD);
    assertThat(write(nodeB)).isEqualTo(ScsiStatus.GOOD);
    assertThat(agent("node-a").status().state()).isEqualTo(PowerState.ON);
    assertThat(agent("node-b").status().state()).isEqualTo(PowerState.ON);
  }

  @Test
  void fencedNodeGetsReservationConflictWhileTheOtherWrites() throws Exception {
    FenceResult fenced = agent("node-b").off();
    assertThat(fenced.succeeded()).as(fenced.message()).isTrue();
    assertThat(fenced.message()).contains("PREEMPT AND ABORT").contains("PREEMPT was used");
    assertThat(fenced.state()).isEqualTo(PowerState.OFF);

    var first = nodeB.execute(new byte[6], new byte[0], 0); // TEST UNIT READY
    assertThat(first.describe()).contains("UNIT ATTENTION 2A/03");
    assertThat(write(nodeB)).isEqualTo(ScsiStatus.RESERVATION_CONFLICT);
    assertThat(ScsiIo.read(nodeB, 3).status()).isEqualTo(ScsiStatus.GOOD);
    assertThat(write(nodeA)).isEqualTo(ScsiStatus.GOOD);

    assertThat(agent("node-b").status().state()).isEqualTo(PowerState.OFF);
    assertThat(agent("node-a").status().state()).isEqualTo(PowerState.ON);

    FenceResult unfenced = ReservationFencing.unfence(reservations(nodeB), keyB);
    assertThat(unfenced.succeeded()).isTrue();
    assertThat(write(nodeB)).isEqualTo(ScsiStatus.GOOD);
    assertThat(agent("node-b").status().state()).isEqualTo(PowerState.ON);
  }

  @Test
  void fencingTheReservationHolderMovesTheReservationToTheFencer() throws Exception {
    assertThat(reservations(nodeA).readReservation().orElseThrow().key()).isEqualTo(keyA);
    assertThat(agent("node-a").off().succeeded()).isTrue();
    assertThat(write(nodeA)).isEqualTo(ScsiStatus.RESERVATION_CONFLICT);
    assertThat(write(nodeB)).isEqualTo(ScsiStatus.GOOD);
    Reservation held = reservations(nodeB).readReservation().orElseThrow();
    assertThat(held.key()).isEqualTo(ReservationKey.fencer(CLUSTER));
    assertThat(held.type()).isEqualTo(Reservation.WRITE_EXCLUSIVE_REGISTRANTS_ONLY);
  }

  @Test
  void everyNexusOfTheVictimIsCutOff() throws Exception {
    // A node with two paths (sessions) registers its key on both; fencing removes both.
    try (IscsiSession secondPath = lun("iqn.2024-01.test:node-b").login(Secret.none())) {
      ReservationFencing.unfence(reservations(secondPath), keyB);
      assertThat(reservations(nodeA).readKeys()).filteredOn(k -> k == keyB).hasSize(2);
      assertThat(agent("node-b").off().succeeded()).isTrue();
      assertThat(reservations(nodeA).readKeys()).doesNotContain(keyB);
      assertThat(write(nodeB)).isEqualTo(ScsiStatus.RESERVATION_CONFLICT);
      assertThat(write(secondPath)).isEqualTo(ScsiStatus.RESERVATION_CONFLICT);
      assertThat(write(nodeA)).isEqualTo(ScsiStatus.GOOD);
    }
  }

  @Test
  void aFencerCannotFenceItsOwnKey() throws Exception {
    FenceAgent self =
        FenceAgents.create(
            "scsi",
            Map.of(
                "portal",
                "127.0.0.1:" + tgtd.port(),
                "target",
                TgtdPeer.TARGET,
                "lun",
                "1",
                "cluster",
                CLUSTER,
                "nodeid",
                "0"),
            Secret.none());
    FenceResult r = self.off();
    assertThat(r.succeeded()).isFalse();
    assertThat(r.message()).contains("are the same");
  }

  @Test
  void aRegisteredVictimIsPreemptedAndVerifiedGoneAndTheResultSaysHowItsKeyWasDerived()
      throws Exception {
    FenceResult r = operatorAgent(CLUSTER, 1, "node-b", KeyWitness.none()).off();
    assertThat(r.succeeded()).as(r.message()).isTrue();
    assertThat(r.message())
        .contains("0x2c1726f7 (md5(\"alpha\")[0:4] 2c17 + md5(node name \"node-b\")[0:4] 26f7)")
        .contains("LUN 1")
        .contains("preempted by this fencer")
        .contains("verified gone");
    assertThat(reservations(nodeA).readKeys()).doesNotContain(keyB);
  }

  @Test
  void aVictimKeyNeverRegisteredFailsNamingTheKeyTheLunAndTheLikelyCauses() throws Exception {
    FenceResult r = operatorAgent(CLUSTER, 1, "node-c", KeyWitness.none()).off();
    assertThat(r.succeeded()).as(r.message()).isFalse();
    assertThat(r.message())
        .contains("not fenced")
        .contains(ReservationKey.explainNodeName(CLUSTER, "node-c"))
        .contains("LUN 1")
        .contains("wrong key prefix", "hostname", "wrong LUN", "never unfenced")
        .contains(ReservationKey.format(keyA), ReservationKey.format(keyB));
  }

  @Test
  void aWrongLunFailsNamingThatLun() throws Exception {
    FenceResult r = operatorAgent(CLUSTER, 2, "node-b", KeyWitness.none()).off();
    assertThat(r.succeeded()).as(r.message()).isFalse();
    assertThat(r.message())
        .contains("not fenced")
        .contains(ReservationKey.format(keyB))
        .contains("LUN 2")
        .contains("wrong LUN");
    // Nothing was done to the LUN the node does use.
    assertThat(reservations(nodeA).readKeys()).contains(keyB);
  }

  @Test
  void aWrongKeyPrefixFailsAndLeavesTheNodeRegistered() throws Exception {
    FenceResult r = operatorAgent("beta", 1, "node-b", KeyWitness.none()).off();
    assertThat(r.succeeded()).as(r.message()).isFalse();
    assertThat(r.message()).contains("md5(\"beta\")").contains("wrong key prefix");
    assertThat(write(nodeB)).isEqualTo(ScsiStatus.GOOD);
  }

  @Test
  void fencingTwiceSucceedsOnlyWithTheEvidenceOfTheFirstTime() throws Exception {
    KeyWitness witness = KeyWitness.inMemory(java.time.Clock.systemUTC());
    assertThat(operatorAgent(CLUSTER, 1, "node-b", witness).off().succeeded()).isTrue();
    FenceResult again = operatorAgent(CLUSTER, 1, "node-b", witness).off();
    assertThat(again.succeeded()).as(again.message()).isTrue();
    assertThat(again.message())
        .contains("already fenced")
        .contains("preempted by this fencer and verified gone");
    // A fencer without that record (another process, the command line) cannot tell.
    FenceResult stranger = agent("node-b").off();
    assertThat(stranger.succeeded()).isFalse();
    assertThat(stranger.message()).contains("never seen registered");
  }

  @Test
  void aKeySeenRegisteredEarlierCountsAsFencedWhenFoundAbsent() throws Exception {
    KeyWitness witness = KeyWitness.inMemory(java.time.Clock.systemUTC());
    assertThat(operatorAgent(CLUSTER, 1, "node-b", witness).status().state())
        .isEqualTo(PowerState.ON);
    // The node's key goes away by another hand (another fencer, the node leaving).
    agent("node-b").off();
    FenceResult r = operatorAgent(CLUSTER, 1, "node-b", witness).off();
    assertThat(r.succeeded()).as(r.message()).isTrue();
    assertThat(r.message()).contains("already fenced").contains("seen registered");
  }

  @Test
  void theDeviceMonitorNeedsNoNodeAndItsSightingsAreEvidence() throws Exception {
    KeyWitness witness = KeyWitness.inMemory(java.time.Clock.systemUTC());
    // The monitor, as the FenceDevice reconciler runs it: the device's own parameters, no node.
    FenceAgent monitor =
        FenceAgents.create("scsi", device(CLUSTER, 1), Map.of(), Secret.none(), witness);
    FenceResult watched = monitor.monitor();
    assertThat(watched.succeeded()).as(watched.message()).isTrue();
    assertThat(watched.message()).contains("2 keys registered");
    assertThat(monitor.off().succeeded()).as("no node, no fencing").isFalse();
    // node-b's key goes away by another hand; the monitor had seen it registered.
    agent("node-b").off();
    FenceResult r = operatorAgent(CLUSTER, 1, "node-b", witness).off();
    assertThat(r.succeeded()).as(r.message()).isTrue();
    assertThat(r.message()).contains("seen registered by the device monitor");
  }

  @Test
  void theDeviceTimeoutBoundsTheWholeAction() throws Exception {
    // A portal that accepts and never answers, with commands allowed 30 s each.
    try (java.net.ServerSocket silent = new java.net.ServerSocket(0)) {
      FenceAgent stalled =
          FenceAgents.create(
              "scsi",
              Map.of(
                  "portal",
                  "127.0.0.1:" + silent.getLocalPort(),
                  "target",
                  TgtdPeer.TARGET,
                  "cluster",
                  CLUSTER,
                  "shell_timeout",
                  "30",
                  "agent_timeout",
                  "1"),
              Map.of("plug", "node-b"),
              Secret.none(),
              KeyWitness.none());
      long start = System.nanoTime();
      FenceResult r = stalled.off();
      long millis = (System.nanoTime() - start) / 1_000_000;
      assertThat(r.succeeded()).isFalse();
      // The 1 s device timeout also caps each command, so either bound may be the one that ends it.
      assertThat(r.message())
          .containsAnyOf("device timeout of 1.0s", "no answer within the timeout");
      assertThat(millis).isLessThan(5_000);
    }
  }

  @Test
  void commandLineStatusExitCodesFollowRegistration() throws Exception {
    String stdin =
        "portal=127.0.0.1:"
            + tgtd.port()
            + "\ntarget="
            + TgtdPeer.TARGET
            + "\nlun=1\ncluster="
            + CLUSTER
            + "\nport=node-b\naction=";
    assertThat(cli(stdin + "status\n")).isZero();
    assertThat(cli(stdin + "off\n")).isZero();
    assertThat(cli(stdin + "status\n")).isEqualTo(2);
    assertThat(cli(stdin + "reboot\n")).isEqualTo(1);
  }

  private static int cli(String stdin) {
    return FenceMain.run(
        "scsi",
        new String[0],
        new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
        new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
        new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
  }
}
