package dev.rgmanager.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rgmanager.api.v1alpha1.MemberState;
import dev.rgmanager.operator.testing.Await;
import dev.rgmanager.operator.testing.ControlPlane;
import dev.rgmanager.operator.testing.Manifests;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * PostgreSQL as a cluster service on real nodes: its data on storage every node sees, its clients
 * behind the floating address, each node fenced by its BMC (ipmi_sim, whose power off is a power
 * cut of the node). A client commits numbered rows all along. Whatever the fault, every commit the
 * database acknowledged is there afterwards, and at no instant do the processes of two PostgreSQL
 * servers hold the data directory, frozen ones included.
 */
@ExtendWith(RealDatabaseFailoverE2E.WhereRealNodesRun.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RealDatabaseFailoverE2E {
  private static final String CLUSTER = "realdb";
  private static final String NS = "realdb";
  private static final int BMC_BASE_PORT = 6330;
  private static final Duration WAIT = Duration.ofSeconds(90);
  private static final Duration TOKEN = Duration.ofSeconds(4);
  private static final List<String> NODES = List.of("node-1", "node-2", "node-3");
  private static DatabaseCluster cluster;
  private static ControlPlane cp;
  private static KubernetesClient client;
  private static Bmcs bmcs;
  private static OperatorProcess operator;
  private static ProcessWatcher holders;
  private static RealDatabase db;

  /** Skips the class, with the reason, on a machine that cannot run real nodes. */
  static final class WhereRealNodesRun extends RealNodes.WhereTheyRun {
    @Override
    protected String cluster() {
      return CLUSTER;
    }
  }

  @BeforeAll
  static void start() throws Exception {
    cluster = DatabaseCluster.start(CLUSTER, NS, BMC_BASE_PORT, NODES.size(), WAIT);
    cp = cluster.controlPlane();
    client = cluster.client();
    bmcs = cluster.bmcs();
    holders = cluster.holders();
    db = cluster.db();
    operator = OperatorProcess.start(cp.kubeconfig(), CLUSTER);
  }

  @AfterAll
  static void stop() throws Exception {
    if (operator != null) {
      operator.close();
    }
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  @Order(1)
  void aHungOwnerIsFencedByItsBmcAndTheDatabaseMovesWithEveryCommit() throws Exception {
    failover("hang", () -> cp.hangNode("node-1"));
  }

  @Test
  @Order(2)
  void aPowerCutAtTheBmcIsVerifiedOffAndTheDatabaseMovesWithEveryCommit() throws Exception {
    failover(
        "power cut",
        () -> {
          bmcs.setPower("node-1", false);
          Await.REAL_CLUSTER.until(
              "node-1 without power", WAIT, () -> bmcs.hasPower("node-1"), on -> !on);
        });
  }

  @Test
  @Order(3)
  void aHeartbeatFlapShorterThanTheTokenMovesNothing() throws Exception {
    onNode1();
    long postmaster = postmaster("node-1");
    double failovers = operator.metric("rgmanager_failovers_total");
    String fencedAt = String.valueOf(FencingE2E.member(client, "node-1").fencedAt());
    try (CommittingClient app = new CommittingClient(address())) {
      awaitCommits(app, "node-1", Instant.now(), 20);
      cp.hangNode("node-1");
      Thread.sleep(TOKEN.toMillis() / 2);
      cp.thawNode("node-1");
      Instant thawed = Instant.now();
      Await.REAL_CLUSTER.holds(
          "db started on node-1 and node-1 online, with power",
          TOKEN.multipliedBy(3),
          () ->
              where() + " " + FailoverE2E.member(client, "node-1") + " " + bmcs.hasPower("node-1"),
          "STARTED@node-1 ONLINE true"::equals);
      assertThat(RealNodes.dead(postmaster)).as("the same PostgreSQL server runs on").isFalse();
      awaitCommitsFrom(app, "node-1", thawed);
      app.close();
      assertEveryCommitKept(app);
    }
    assertThat(operator.metric("rgmanager_failovers_total")).as("failovers").isEqualTo(failovers);
    assertThat(String.valueOf(FencingE2E.member(client, "node-1").fencedAt()))
        .as("node-1 not fenced again")
        .isEqualTo(fencedAt);
    assertNeverTwoServers();
  }

  @Test
  @Order(4)
  void aPowerCutThatTakesTheBmcAlongWaitsForTheAdministratorsAcknowledgement() throws Exception {
    onNode1();
    long postmaster = postmaster("node-1");
    try (CommittingClient app = new CommittingClient(address())) {
      awaitCommits(app, "node-1", Instant.now(), 20);
      // node-1's power fails, and its BMC with it: the fence agent finds no BMC to ask
      bmcs.unplug("node-1");
      Instant struck = Instant.now();
      bmcs.setPower("node-1", false);
      Await.REAL_CLUSTER.until(
          "node-1 without power", WAIT, () -> bmcs.hasPower("node-1"), on -> !on);
      Instant cut = Instant.now();
      assertThat(RealNodes.dead(postmaster)).as("node-1's server died with the power").isTrue();
      Await.REAL_CLUSTER.until(
          "a failed fencing of node-1",
          WAIT,
          () -> FencingE2E.member(client, "node-1").fenceAttempts(),
          n -> n != null && n >= 1);
      Await.REAL_CLUSTER.holds(
          "db waiting for fencing, no PostgreSQL server anywhere",
          TOKEN.multipliedBy(2),
          () -> where() + " " + holders.latest().nodes(),
          "RECOVERING@node-1 []"::equals);
      assertThat(FencingE2E.member(client, "node-1").state()).isNotEqualTo(MemberState.FENCED);
      // the administrator has checked that node-1 is off
      Instant acknowledged = Instant.now();
      Manifests.acknowledge(client, "e2e", List.of("node-1"), "e2e");
      awaitWhere("STARTED@node-2");
      Instant firstCommit = awaitCommitsFrom(app, "node-2", acknowledged);
      System.err.printf(
          "RealDatabaseFailoverE2E acknowledgement: power cut -> acknowledged %d ms,"
              + " acknowledged -> first commit on node-2 %d ms%n",
          Duration.between(struck, acknowledged).toMillis(),
          Duration.between(acknowledged, firstCommit).toMillis());
      assertThat(holders.between(struck, acknowledged))
          .as("before the acknowledgement, no PostgreSQL server held the data outside node-1")
          .allMatch(sample -> sample.nodes().stream().allMatch("node-1"::equals));
      assertThat(holders.between(cut, acknowledged))
          .as("after the power cut, no PostgreSQL server held the data until the acknowledgement")
          .allMatch(sample -> sample.processes().isEmpty());
      bmcs.plugIn("node-1");
      bmcs.setPower("node-1", true);
      awaitMember("node-1", MemberState.ONLINE);
      awaitCommitsFrom(app, "node-1", awaitWhere("STARTED@node-1"));
      app.close();
      assertEveryCommitKept(app);
    } finally {
      bmcs.plugIn("node-1");
    }
    assertNeverTwoServers();
  }

  @Test
  @Order(5)
  void aKilledServerFailsItsReadinessProbeAndIsRestartedInPlaceThenRelocated() throws Exception {
    onNode1();
    try (CommittingClient app = new CommittingClient(address())) {
      awaitCommits(app, "node-1", Instant.now(), 20);
      String firstPod = podUid("node-1");
      ProcessHandle.of(postmaster("node-1")).orElseThrow().destroyForcibly();
      // an orphaned backend of the killed server may commit a little longer: wait for the new pod
      Await.REAL_CLUSTER.until(
          "db restarted in place: a new pod on node-1, started",
          WAIT,
          () -> where() + " " + podUid("node-1"),
          s -> s.startsWith("STARTED@node-1 ") && !s.endsWith(" " + firstPod));
      awaitCommitsFrom(app, "node-1", Instant.now());

      // the second failure within restartExpireTime exceeds maxRestarts 1: db relocates
      ProcessHandle.of(postmaster("node-1")).orElseThrow().destroyForcibly();
      awaitCommitsFrom(app, "node-2", awaitWhere("STARTED@node-2"));
      app.close();
      assertEveryCommitKept(app);
    }
    assertThat(FailoverE2E.eventReasons(client, NS, "db"))
        .contains("StatusCheckFailed", "ServiceRestarted", "ServiceRelocated");
    assertNeverTwoServers();
  }

  /**
   * db runs on node-1 with a client committing; {@code fault} strikes node-1; the operator fences
   * it through its BMC and starts db on node-2, where the client's commits go on; node-1 is powered
   * on at its BMC, rejoins, and db fails back to it. Every acknowledged commit is kept.
   */
  private void failover(String kind, Runnable fault) throws Exception {
    onNode1();
    long postmaster = postmaster("node-1");
    try (CommittingClient app = new CommittingClient(address())) {
      awaitCommits(app, "node-1", Instant.now(), 20);
      Instant struck = Instant.now();
      fault.run();
      Await.REAL_CLUSTER.until(
          "node-1 lost",
          WAIT,
          () -> FailoverE2E.member(client, "node-1"),
          // Fenced already counts: a power cut the BMC reports at once is verified off in
          // moments, and the fence outcome wakes membership, so "fencing" may not be seen.
          m -> m == MemberState.OFFLINE || m == MemberState.FENCING || m == MemberState.FENCED);
      Instant offline = Instant.now();
      // No server outside node-1 before it was fenced: checked below over every sample from the
      // fault to the fence (a fixed wait here would outlast a fence that completes in moments).
      awaitMember("node-1", MemberState.FENCED);
      // When the operator recorded it fenced; nothing may start elsewhere before that.
      Instant fenced = fencedAt("node-1");
      assertThat(bmcs.hasPower("node-1")).as("node-1's BMC reports its power off").isFalse();
      assertThat(RealNodes.dead(postmaster)).as("node-1's server died with the power").isTrue();
      awaitWhere("STARTED@node-2");
      Instant firstCommit = awaitCommitsFrom(app, "node-2", struck);
      System.err.printf(
          "RealDatabaseFailoverE2E %s: struck->lost %d ms, lost->fenced %d ms, fenced->first commit"
              + " on node-2 %d ms (total %d ms; %d commits acknowledged, %d statements failed)%n",
          kind,
          Duration.between(struck, offline).toMillis(),
          Duration.between(offline, fenced).toMillis(),
          Duration.between(fenced, firstCommit).toMillis(),
          Duration.between(struck, firstCommit).toMillis(),
          app.acknowledged().size(),
          app.failures().size());
      assertThat(holders.between(struck, fenced))
          .as("before node-1 was fenced, no PostgreSQL server held the data outside node-1")
          .allMatch(s -> s.nodes().stream().allMatch("node-1"::equals));

      bmcs.setPower("node-1", true);
      awaitMember("node-1", MemberState.ONLINE);
      Instant back = awaitWhere("STARTED@node-1");
      awaitCommitsFrom(app, "node-1", back);
      app.close();
      assertEveryCommitKept(app);
    }
    assertThat(FailoverE2E.eventReasons(client, NS, "db"))
        .contains("WaitingForFencing", "ServiceRelocated");
    assertNeverTwoServers();
  }

  /**
   * Waits until db runs on node-1 with every node online and powered (a node a failed test left
   * without power is powered on).
   */
  private void onNode1() {
    for (String node : NODES) {
      if (!bmcs.hasPower(node)) {
        bmcs.setPower(node, true);
      }
      Await.REAL_CLUSTER.until(node + " with power", WAIT, () -> bmcs.hasPower(node), on -> on);
      awaitMember(node, MemberState.ONLINE);
    }
    Await.REAL_CLUSTER.until(
        "db started on node-1", Duration.ofMinutes(3), this::where, "STARTED@node-1"::equals);
  }

  /** Waits until db is {@code stateAtOwner}, e.g. STARTED@node-2; returns when it was seen. */
  private Instant awaitWhere(String stateAtOwner) {
    Await.REAL_CLUSTER.until("db " + stateAtOwner, WAIT, this::where, stateAtOwner::equals);
    return Instant.now();
  }

  private Instant fencedAt(String node) {
    return db.fencedAt(node)
        .orElseThrow(() -> new AssertionError(node + " is fenced but its status has no fencedAt"));
  }

  private Instant awaitMember(String node, MemberState state) {
    Await.REAL_CLUSTER.until(
        node + " " + state, WAIT, () -> FailoverE2E.member(client, node), m -> m == state);
    return Instant.now();
  }

  /** Waits for a commit acknowledged after {@code since} by the server on {@code node}. */
  private static Instant awaitCommitsFrom(CommittingClient app, String node, Instant since) {
    return awaitCommits(app, node, since, 1);
  }

  private static Instant awaitCommits(CommittingClient app, String node, Instant since, int count) {
    return db.awaitCommits(app, node, since, count);
  }

  /** Every commit the client saw acknowledged is in the database now. */
  private void assertEveryCommitKept(CommittingClient app) throws Exception {
    assertThat(app.acknowledged()).as("commits acknowledged").isNotEmpty();
    assertThat(db.lostCommits(app)).as("acknowledged commits missing from the database").isEmpty();
  }

  /** At no instant did processes of two PostgreSQL servers (two pods) hold the data directory. */
  private static void assertNeverTwoServers() {
    assertThat(RealDatabase.twoServers(holders.samples()))
        .as("samples where two PostgreSQL servers held the data")
        .isEmpty();
    assertThat(holders.samples().stream().anyMatch(s -> !s.processes().isEmpty()))
        .as("the watcher saw the servers")
        .isTrue();
  }

  private static long postmaster(String node) {
    return db.postmaster(node);
  }

  private String where() {
    return db.where();
  }

  private static String address() {
    return db.address();
  }

  private static String podUid(String node) {
    return db.podUid(node);
  }
}
