package dev.rgmanager.e2e;

import dev.rgmanager.api.v1alpha1.ClusterService;
import dev.rgmanager.api.v1alpha1.Condition;
import dev.rgmanager.api.v1alpha1.MemberState;
import dev.rgmanager.api.v1alpha1.MemberStatus;
import dev.rgmanager.api.v1alpha1.ServiceState;
import dev.rgmanager.operator.testing.Await;
import dev.rgmanager.operator.testing.ControlPlane;
import dev.rgmanager.operator.testing.RepoPaths;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A seeded fault campaign on real nodes: PostgreSQL with a committing client, every node fenced by
 * its BMC, the operator as two replicas. Each round draws a fault (printed with the seed, so that
 * it can be replayed), lets it heal and waits for the cluster to settle; the invariants are checked
 * over every sample of the round, not only at its end: never two PostgreSQL servers on the data
 * (from the nodes' processes), nothing started elsewhere before the old owner was fenced, every
 * acknowledged commit kept, db running again within a stated bound, no service recovering or failed
 * without saying why, and (once, at the end) no BMC password in any log, Event or status. A
 * violation stops the run and saves what replays it under e2e/target/chaos/.
 *
 * <p>{@code -Dchaos.seed=N -Dchaos.rounds=M} (default: a fixed seed and a few rounds, within the
 * default run's budget); the long campaign is {@code ./mvnw -B -pl e2e verify -Pchaos}. {@code
 * -Dchaos.faults=ETCD_PAUSED,AGENT_TIMEOUT} draws only those kinds (default: every kind, in the
 * enum's order); a seed replays the same rounds only with the same list, in the same order.
 */
@ExtendWith(ChaosCampaignE2E.WhereRealNodesRun.class)
class ChaosCampaignE2E {
  private static final String CLUSTER = "chaos";
  private static final String NS = "chaos";
  private static final int BMC_BASE_PORT = 6430;
  private static final Duration WAIT = Duration.ofSeconds(90);
  private static final Duration TOKEN = Duration.ofSeconds(4);

  /** The HACluster of the campaign's members and their fence methods. */
  private static final String HA_CLUSTER = "e2e";

  /** How long after a fault heals db must be running again, committing, every member online. */
  static final Duration SETTLE = Duration.ofSeconds(150);

  private static final List<String> NODES = List.of("node-1", "node-2", "node-3");
  private static DatabaseCluster cluster;
  private static ControlPlane cp;
  private static KubernetesClient client;
  private static Bmcs bmcs;
  private static ProcessWatcher holders;
  private static RealDatabase db;
  private static final OperatorProcess[] replicas = new OperatorProcess[2];
  private static int starts;
  private static final List<String> timeline = new CopyOnWriteArrayList<>();
  private static StalledFenceMethod stalled;

  /** The faults a round can draw. */
  enum Fault {
    /** The owner's processes frozen: heartbeat gone, state kept. */
    HANG,
    /** The owner's power cut at its BMC. */
    POWER_CUT,
    /** The owner frozen for half the token timeout, then running on: nothing may move. */
    SHORT_FLAP,
    /** The owner frozen for twice the token timeout, then let run (if it is still powered). */
    LONG_FLAP,
    /** The PostgreSQL server killed on its node. */
    SERVER_KILLED,
    /** The owner hung, then the leading replica killed with SIGKILL at a random point. */
    LEADER_KILLED,
    /** The owner hung, then both replicas killed and started again. */
    BOTH_REPLICAS_RESTARTED,
    /** The owner's BMC stops answering, the owner hangs; the BMC answers again later. */
    BMC_SILENT,
    /** The owner hung; during the failover an administrator relocates, disables or enables db. */
    OPERATION_DURING_FAILOVER,
    /** A member that does not run db hangs. */
    OTHER_NODE_HANG,
    /**
     * The owner hung, then the API server killed (SIGKILL) and started again with the same flags at
     * a random point of the failover: watches break, requests are refused until it is ready again.
     */
    API_SERVER_RESTARTED,
    /**
     * The owner hung, then etcd frozen (SIGSTOP) for 3 to 13 s at a random point of the failover,
     * long enough for the leading replica to miss its renew deadline, then let run on.
     */
    ETCD_PAUSED,
    /**
     * The owner hung while its first fence method is a ClusterLabs agent (fence_ipmilan) whose BMC
     * never answers: the agent is killed at its timeout and the owner is fenced by its next method,
     * its own BMC. The first method is in place for this round only.
     */
    AGENT_TIMEOUT
  }

  /**
   * The kinds a campaign draws from: those {@code property} names, comma-separated, in its order
   * (blank or absent: every kind, in the enum's order).
   */
  static List<Fault> faults(String property) {
    if (property == null || property.isBlank()) {
      return List.of(Fault.values());
    }
    List<Fault> kinds = new ArrayList<>();
    for (String name : property.split(",")) {
      String n = name.trim().toUpperCase(java.util.Locale.ROOT);
      try {
        kinds.add(Fault.valueOf(n));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "chaos.faults: unknown fault '"
                + name.trim()
                + "'; the kinds are "
                + java.util.Arrays.toString(Fault.values()),
            e);
      }
    }
    return List.copyOf(kinds);
  }

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
    stalled =
        StalledFenceMethod.start(
            client,
            BMC_BASE_PORT + 9,
            RepoPaths.root().resolve("e2e/target"),
            "operator-" + CLUSTER);
    replicas[0] = replica();
    replicas[1] = replica();
  }

  @AfterAll
  static void stop() throws Exception {
    if (stalled != null) {
      stalled.close();
    }
    for (OperatorProcess r : replicas) {
      if (r != null) {
        r.close();
      }
    }
    if (cluster != null) {
      cluster.close();
    }
  }

  private static OperatorProcess replica() throws IOException {
    return OperatorProcess.start(cp.kubeconfig(), CLUSTER + "-" + (++starts));
  }

  /**
   * Starts again a replica that exited (a leader exits when it loses its Lease, as when the store
   * stalls past its renew deadline), as its Deployment would.
   */
  private static void restartExited() throws IOException {
    for (int i = 0; i < replicas.length; i++) {
      if (replicas[i].exited()) {
        say("replica %s exited: started again", replicas[i].log().getFileName());
        replicas[i] = replica();
      }
    }
  }

  @Test
  void theInvariantsHoldThroughARandomCampaignOfFaults() throws Exception {
    long seed = Long.getLong("chaos.seed", 20261202L);
    int rounds = Integer.getInteger("chaos.rounds", 4);
    List<Fault> kinds = faults(System.getProperty("chaos.faults"));
    String only =
        kinds.equals(List.of(Fault.values()))
            ? ""
            : " -Dchaos.faults=" + String.join(",", kinds.stream().map(Fault::name).toList());
    Random random = new Random(seed);
    Map<Fault, Integer> drawn = new EnumMap<>(Fault.class);
    Checks checks = new Checks();
    Instant campaign = Instant.now();
    for (int round = 1; round <= rounds; round++) {
      Fault fault = kinds.get(random.nextInt(kinds.size()));
      long parameter = random.nextLong();
      say("round %d of %d (seed %d%s): %s", round, rounds, seed, only, fault);
      drawn.merge(fault, 1, Integer::sum);
      try {
        round(fault, new Random(parameter), checks);
      } catch (Throwable violation) {
        Path saved = save(seed, round, fault, violation);
        throw new AssertionError(
            "round "
                + round
                + " ("
                + fault
                + ") failed: "
                + violation.getMessage()
                + "\nreplay: ./mvnw -B -pl e2e verify -Pchaos -Dchaos.seed="
                + seed
                + " -Dchaos.rounds="
                + round
                + only
                + "\nsaved: "
                + saved,
            violation);
      }
    }
    checks.noSecretAnywhere();
    String summary =
        String.format(
            "chaos campaign: seed %d%s, %d rounds in %d s, faults %s, invariant checks %s,"
                + " violations 0",
            seed,
            only,
            rounds,
            Duration.between(campaign, Instant.now()).toSeconds(),
            drawn,
            checks.counts());
    say("%s", summary);
    Path report = RepoPaths.root().resolve("e2e/target/chaos/report-" + seed + ".txt");
    Files.createDirectories(report.getParent());
    Files.writeString(report, summary + "\n" + String.join("\n", timeline) + "\n");
  }

  /** One round: settle, strike, heal, settle again, and check every invariant over the round. */
  private static void round(Fault fault, Random random, Checks checks) throws Exception {
    restartExited();
    String owner = settled();
    Instant began = Instant.now();
    try (CommittingClient app = new CommittingClient(db.address());
        StateWatch states = new StateWatch(began)) {
      db.awaitCommits(app, owner, began, 5);
      strike(fault, owner, random);
      heal();
      String now = settled();
      db.awaitCommits(app, now, Instant.now(), 3);
      app.close();
      checks.commitsKept(app);
      checks.neverTwoServers(began);
      checks.noStartBeforeFencing(began, owner, states.fencedAt(owner));
      checks.noSilentTrouble(states.seen());
    }
  }

  /** Applies one fault to db's owner (or another member), and waits for what it must cause. */
  private static void strike(Fault fault, String owner, Random random) throws Exception {
    String other = NODES.stream().filter(n -> !n.equals(owner)).toList().get(random.nextInt(2));
    switch (fault) {
      case HANG -> {
        cp.hangNode(owner);
        awaitMember(owner, MemberState.FENCED);
      }
      case POWER_CUT -> {
        bmcs.setPower(owner, false);
        awaitMember(owner, MemberState.FENCED);
      }
      case SHORT_FLAP -> {
        cp.hangNode(owner);
        Thread.sleep(TOKEN.toMillis() / 2);
        cp.thawNode(owner);
      }
      case LONG_FLAP -> {
        cp.hangNode(owner);
        Thread.sleep(TOKEN.toMillis() * 2);
        if (bmcs.hasPower(owner)) {
          cp.thawNode(owner);
        }
      }
      case SERVER_KILLED -> {
        ProcessHandle.of(db.postmaster(owner)).ifPresent(ProcessHandle::destroyForcibly);
        Await.REAL_CLUSTER.until(
            "db running again", WAIT, db::where, w -> w.startsWith("STARTED@"));
      }
      case LEADER_KILLED -> {
        cp.hangNode(owner);
        Thread.sleep(random.nextInt((int) TOKEN.toMillis() * 2));
        int leader = leader();
        say("SIGKILL of the leading replica %s", replicas[leader].log().getFileName());
        replicas[leader].kill();
        replicas[leader] = replica();
        awaitMember(owner, MemberState.FENCED);
      }
      case BOTH_REPLICAS_RESTARTED -> {
        cp.hangNode(owner);
        Thread.sleep(random.nextInt((int) TOKEN.toMillis() * 2));
        replicas[0].kill();
        replicas[1].kill();
        replicas[0] = replica();
        replicas[1] = replica();
        awaitMember(owner, MemberState.FENCED);
      }
      case BMC_SILENT -> {
        bmcs.unplug(owner);
        cp.hangNode(owner);
        Thread.sleep(TOKEN.toMillis() + random.nextInt(8_000));
        bmcs.plugIn(owner);
        awaitMember(owner, MemberState.FENCED);
      }
      case OPERATION_DURING_FAILOVER -> {
        cp.hangNode(owner);
        Thread.sleep(random.nextInt((int) TOKEN.toMillis() * 2));
        String op = List.of("relocate", "disable", "enable").get(random.nextInt(3));
        say("%s db during the failover", op);
        operation(op);
        awaitMember(owner, MemberState.FENCED);
        if (op.equals("disable")) {
          Thread.sleep(random.nextInt(3_000));
          state("enabled");
        }
      }
      case OTHER_NODE_HANG -> {
        cp.hangNode(other);
        awaitMember(other, MemberState.FENCED);
      }
      case API_SERVER_RESTARTED -> {
        cp.hangNode(owner);
        Thread.sleep(random.nextInt((int) TOKEN.toMillis() * 2));
        say("kube-apiserver restarting");
        cp.restartApiServer();
        say("kube-apiserver ready again");
        awaitMember(owner, MemberState.FENCED);
      }
      case ETCD_PAUSED -> {
        cp.hangNode(owner);
        Thread.sleep(random.nextInt((int) TOKEN.toMillis() * 2));
        long pause = 3_000 + random.nextInt(10_000);
        say("etcd paused for %d ms", pause);
        cp.pauseEtcd();
        try {
          Thread.sleep(pause);
        } finally {
          cp.resumeEtcd();
        }
        say("etcd running again");
        awaitMember(owner, MemberState.FENCED);
      }
      case AGENT_TIMEOUT -> {
        Set<String> before = stalled.fenceLines(owner);
        stalled.putFirst(HA_CLUSTER, NODES.indexOf(owner));
        try {
          Thread.sleep(3_000);
          cp.hangNode(owner);
          awaitMember(owner, MemberState.FENCED);
        } finally {
          stalled.remove(HA_CLUSTER, NODES.indexOf(owner));
        }
        stalled.checkTimedOutThenFenced(owner, before);
      }
    }
  }

  /**
   * Every node powered (a fenced one is powered on) and running, and both operator replicas
   * running.
   */
  private static void heal() throws IOException {
    restartExited();
    for (String node : NODES) {
      if (!bmcs.hasPower(node)) {
        bmcs.setPower(node, true);
      }
    }
  }

  /**
   * Waits, within {@link #SETTLE}, until every member has power and is online and db is started and
   * enabled; returns its owner.
   */
  private static String settled() {
    Instant deadline = Instant.now().plus(SETTLE);
    for (String node : NODES) {
      Await.REAL_CLUSTER.until(
          node + " online with power",
          remaining(deadline),
          () -> bmcs.hasPower(node) + " " + db.member(node).map(MemberStatus::state).orElse(null),
          "true ONLINE"::equals);
    }
    // Started, and where it stays: a member that just rejoined may still draw it back (failback).
    String[] last = {null};
    Instant[] since = {Instant.now()};
    String where =
        Await.REAL_CLUSTER.until(
            "db started and staying where it is for 5 s",
            remaining(deadline),
            () -> {
              String w = db.where();
              if (!w.equals(last[0])) {
                last[0] = w;
                since[0] = Instant.now();
              }
              return Duration.between(since[0], Instant.now()).toSeconds() >= 5 ? w : "moving";
            },
            w -> w.startsWith("STARTED@"));
    return where.substring("STARTED@".length());
  }

  private static Duration remaining(Instant deadline) {
    Duration left = Duration.between(Instant.now(), deadline);
    return left.isNegative() ? Duration.ofSeconds(1) : left;
  }

  private static void awaitMember(String node, MemberState state) {
    Await.REAL_CLUSTER.until(
        node + " " + state,
        WAIT,
        () -> db.member(node).map(MemberStatus::state).orElse(null),
        m -> m == state);
  }

  /** Which replica leads: the one whose log says it started the service controller. */
  private static int leader() {
    return Await.REAL_CLUSTER.until(
        "a leading replica",
        WAIT,
        () -> leads(replicas[0]) ? 0 : leads(replicas[1]) ? 1 : -1,
        i -> i >= 0);
  }

  private static boolean leads(OperatorProcess p) {
    try {
      return p.logText().contains("Started event processing for controller: clusterservice");
    } catch (IOException e) {
      return false;
    }
  }

  private static void operation(String op) {
    if (op.equals("disable")) {
      state("disabled");
    } else if (op.equals("enable")) {
      state("enabled");
    } else {
      String request = "{\"id\":\"chaos-" + System.nanoTime() + "\",\"op\":\"relocate\"}";
      client
          .resources(ClusterService.class)
          .inNamespace(NS)
          .withName("db")
          .patch(
              PatchContext.of(PatchType.JSON_MERGE),
              "{\"metadata\":{\"annotations\":{\"rgmanager.dev/operation\":"
                  + io.fabric8.kubernetes.client.utils.Serialization.asJson(request)
                  + "}}}");
    }
  }

  private static void state(String state) {
    client
        .resources(ClusterService.class)
        .inNamespace(NS)
        .withName("db")
        .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"spec\":{\"state\":\"" + state + "\"}}");
  }

  /** The invariants, each counted when checked. */
  static final class Checks {
    private final Map<String, Integer> counts = new java.util.TreeMap<>();

    private void count(String check, int n) {
      counts.merge(check, n, Integer::sum);
    }

    Map<String, Integer> counts() {
      return counts;
    }

    void commitsKept(CommittingClient app) throws Exception {
      List<Long> lost = db.lostCommits(app);
      count("commits checked", app.acknowledged().size());
      if (!lost.isEmpty()) {
        throw new AssertionError("acknowledged commits missing from the database: " + lost);
      }
    }

    void neverTwoServers(Instant since) {
      List<ProcessWatcher.Sample> round = holders.between(since, Instant.now());
      count("process samples", round.size());
      CampaignInvariants.twoServers(round)
          .ifPresent(
              s -> {
                throw new AssertionError("two PostgreSQL servers held the data: " + s);
              });
    }

    /**
     * db's owner was fenced in this round (at {@code fenced}, as the operator recorded it): before
     * then no server held the data on any other node.
     */
    void noStartBeforeFencing(Instant since, String owner, java.util.Optional<Instant> fenced) {
      if (fenced.isEmpty()) {
        return;
      }
      List<ProcessWatcher.Sample> window = holders.between(since, fenced.get());
      count("samples before a fencing", window.size());
      CampaignInvariants.startedBeforeFencing(window, owner, fenced.get())
          .ifPresent(
              s -> {
                throw new AssertionError(
                    "a server held the data outside "
                        + owner
                        + " before it was fenced at "
                        + fenced.get()
                        + ": "
                        + s);
              });
    }

    void noSilentTrouble(List<String> unexplained) {
      count("service states watched", StateWatch.looks);
      if (!unexplained.isEmpty()) {
        throw new AssertionError("db recovering or failed without a reason: " + unexplained);
      }
    }

    void noSecretAnywhere() throws Exception {
      StringBuilder all = new StringBuilder();
      for (Path log : Files.list(RepoPaths.root().resolve("e2e/target")).toList()) {
        if (log.getFileName().toString().startsWith("operator-" + CLUSTER)) {
          all.append(Files.readString(log, StandardCharsets.UTF_8));
        }
      }
      client.v1().events().inAnyNamespace().list().getItems().forEach(e -> all.append(e));
      all.append(client.resources(ClusterService.class).inAnyNamespace().list());
      all.append(client.resources(dev.rgmanager.api.v1alpha1.HACluster.class).list());
      count("log, Event and status bytes scanned for the BMC password", all.length());
      if (all.indexOf(Bmcs.PASSWORD) >= 0) {
        throw new AssertionError("the BMC password appears in a log line, Event or status");
      }
    }
  }

  /**
   * Watches db's state every half second during a round: a recovering or failed db must say why (a
   * message or a True condition with one); the ones that did not are kept.
   */
  static final class StateWatch implements AutoCloseable {
    static int looks;
    private final List<String> unexplained = new CopyOnWriteArrayList<>();
    private final Map<String, Instant> fenced = new java.util.concurrent.ConcurrentHashMap<>();
    private final Thread thread;
    private volatile boolean done;

    StateWatch(Instant since) {
      thread =
          new Thread(
              () -> {
                while (!done) {
                  try {
                    ClusterService s = db.service();
                    looks++;
                    if (s != null && troubled(s) && !explained(s)) {
                      unexplained.add(Instant.now() + " " + s.getStatus());
                    }
                    // A member's fencedAt lasts only until it rejoins: seen here while it does.
                    for (String node : NODES) {
                      db.fencedAt(node)
                          .filter(t -> !t.isBefore(since))
                          .ifPresent(t -> fenced.putIfAbsent(node, t));
                    }
                    Thread.sleep(250);
                  } catch (InterruptedException e) {
                    return;
                  } catch (RuntimeException e) {
                    // The API server is briefly unreachable (a replica restarting): look again.
                  }
                }
              },
              "chaos-state-watch");
      thread.setDaemon(true);
      thread.start();
    }

    private static boolean troubled(ClusterService s) {
      ServiceState st = s.getStatus().state();
      return st == ServiceState.RECOVERING || st == ServiceState.FAILED;
    }

    private static boolean explained(ClusterService s) {
      String m = s.getStatus().message();
      boolean condition =
          s.getStatus().conditionsOrEmpty().stream()
              .filter(c -> "True".equals(c.status()))
              .map(Condition::message)
              .anyMatch(msg -> msg != null && !msg.isBlank());
      return (m != null && !m.isBlank()) || condition;
    }

    List<String> seen() {
      return new ArrayList<>(unexplained);
    }

    /** When {@code node} was first recorded fenced during the round, if it was. */
    java.util.Optional<Instant> fencedAt(String node) {
      return java.util.Optional.ofNullable(fenced.get(node));
    }

    @Override
    public void close() throws InterruptedException {
      done = true;
      thread.interrupt();
      thread.join(2_000);
    }
  }

  private static void say(String format, Object... args) {
    String line = Instant.now() + " " + String.format(format, args);
    timeline.add(line);
    System.err.println("ChaosCampaignE2E " + line);
  }

  /** Everything needed to replay a violation: seed, round, timeline, logs, Events, audit log. */
  private static Path save(long seed, int round, Fault fault, Throwable violation) {
    Path dir = RepoPaths.root().resolve("e2e/target/chaos/seed-" + seed + "-round-" + round);
    try {
      Files.createDirectories(dir);
      Files.writeString(
          dir.resolve("violation.txt"),
          "seed "
              + seed
              + "\nround "
              + round
              + "\nfault "
              + fault
              + "\n"
              + violation
              + "\n\n"
              + String.join("\n", timeline)
              + "\n");
      for (Path log : Files.list(RepoPaths.root().resolve("e2e/target")).toList()) {
        if (log.getFileName().toString().startsWith("operator-" + CLUSTER)) {
          Files.copy(log, dir.resolve(log.getFileName()));
        }
      }
      StringBuilder events = new StringBuilder();
      client.v1().events().inAnyNamespace().list().getItems().stream()
          .sorted(
              java.util.Comparator.comparing(
                  e -> String.valueOf(e.getLastTimestamp()), java.util.Comparator.naturalOrder()))
          .forEach(
              e ->
                  events
                      .append(e.getLastTimestamp())
                      .append(' ')
                      .append(e.getInvolvedObject().getKind())
                      .append('/')
                      .append(e.getInvolvedObject().getName())
                      .append(' ')
                      .append(e.getReason())
                      .append(": ")
                      .append(e.getMessage())
                      .append('\n'));
      Files.writeString(dir.resolve("events.txt"), events);
      if (Files.exists(cp.auditLog())) {
        Files.copy(cp.auditLog(), dir.resolve("audit.log"));
      }
      Files.writeString(dir.resolve("holders.txt"), String.valueOf(holders.samples()));
    } catch (IOException | RuntimeException e) {
      System.err.println("ChaosCampaignE2E: could not save everything: " + e);
    }
    return dir;
  }
}
