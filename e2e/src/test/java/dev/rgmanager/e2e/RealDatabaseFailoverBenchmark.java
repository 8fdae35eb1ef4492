package dev.rgmanager.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rgmanager.api.v1alpha1.ClusterService;
import dev.rgmanager.api.v1alpha1.MemberState;
import dev.rgmanager.operator.testing.ControlPlane;
import dev.rgmanager.operator.testing.Crds;
import dev.rgmanager.operator.testing.Manifests;
import dev.rgmanager.operator.testing.RepoPaths;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The PostgreSQL failover on real nodes, timed: the owner hangs, and the time until the first
 * commit on the new node is split into token (hang to member lost), fencing (lost to fenced by the
 * BMC), start (fenced to the server process starting, from its log) and database recovery (starting
 * to accepting connections, from its log) and reconnection (to the client's first commit). Then the
 * same hang with the same server as a StatefulSet and as a Deployment, left to Kubernetes: does it
 * run again elsewhere, when, and with which data.
 *
 * <p>Not part of the default run (its name ends in Benchmark):
 *
 * <pre>
 * ./mvnw -B -pl e2e test -Dtest=RealDatabaseFailoverBenchmark -Dbench.failovers=20
 * </pre>
 */
@ExtendWith(RealDatabaseFailoverBenchmark.WhereRealNodesRun.class)
class RealDatabaseFailoverBenchmark {
  private static final String CLUSTER = "realbench";
  private static final String NS = "realbench";
  private static final int BMC_BASE_PORT = 6430;
  private static final Duration WAIT = Duration.ofSeconds(90);
  private static final List<String> NODES = List.of("node-1", "node-2", "node-3");
  private static final Pattern PG_LOG =
      Pattern.compile(
          "^(\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\.\\d{3}) UTC \\[\\d+\\] LOG:  (.*)$");
  private static ControlPlane cp;
  private static KubernetesClient client;
  private static Bmcs bmcs;
  private static OperatorProcess operator;
  private static ProcessWatcher holders;

  static final class WhereRealNodesRun extends RealNodes.WhereTheyRun {
    @Override
    protected String cluster() {
      return CLUSTER;
    }
  }

  /** One failover: where from and to, and when each phase ended. */
  record Round(
      String from,
      String to,
      Instant struck,
      Instant lost,
      Instant fenced,
      Instant serverStarting,
      Instant serverReady,
      Instant firstCommit) {
    long total() {
      return ms(struck, firstCommit);
    }

    @Override
    public String toString() {
      return String.format(
          "%s->%s total %5d ms: token %5d, fencing %5d, start %5d, recovery %5d, reconnect %5d",
          from,
          to,
          total(),
          ms(struck, lost),
          ms(lost, fenced),
          ms(fenced, serverStarting),
          ms(serverStarting, serverReady),
          ms(serverReady, firstCommit));
    }
  }

  @BeforeAll
  static void start() throws Exception {
    cp = ControlPlane.realNodes(CLUSTER, NODES.size(), List.of("pause", "busybox", "postgres"));
    client = RealNodes.client(cp);
    Crds.install(client);
    bmcs =
        Bmcs.forRealNodes(
            cp, NODES.size(), BMC_BASE_PORT, RepoPaths.root().resolve("e2e/target/realbench-bmcs"));
    Path data = PostgresManifests.dataDirectory(cp);
    holders = ProcessWatcher.holding(data.resolve("pgdata"), cp.nodeCgroups(NODES));
    Manifests.systemNamespace(client);
    Manifests.namespace(client, NS);
    // unordered: the service stays where it moved, and the next round hangs its new owner
    Manifests.apply(
        client,
        BmcManifests.fencedCluster(BMC_BASE_PORT)
            + """
            apiVersion: rgmanager.dev/v1alpha1
            kind: FailoverDomain
            metadata:
              name: abc
              namespace: NS
            spec:
              restricted: true
              members: [{node: node-1}, {node: node-2}, {node: node-3}]
            ---
            """
                .replace("NS", NS)
            + PostgresManifests.sharedVolume(data, "realbench-shared-pg", NS, "db-data")
            + PostgresManifests.service(NS));
    operator = OperatorProcess.start(cp.kubeconfig(), CLUSTER);
  }

  @AfterAll
  static void stop() throws Exception {
    for (AutoCloseable c : new AutoCloseable[] {holders, operator, bmcs, client}) {
      if (c != null) {
        c.close();
      }
    }
    if (cp != null) {
      cp.stop();
    }
  }

  @Test
  void failoversOfTheDatabaseAgainstKubernetesAlone() throws Exception {
    int count = Integer.getInteger("bench.failovers", 20);
    // a node not yet heartbeating when quorum formed was fenced (postJoinDelay 0 s): power it on
    for (String node : NODES) {
      if (!bmcs.hasPower(node)) {
        bmcs.setPower(node, true);
      }
      poll(node + " online", () -> member(node) == MemberState.ONLINE ? node : null);
    }
    poll("db started", RealDatabaseFailoverBenchmark::owner, Duration.ofMinutes(3));
    List<Round> rounds = new ArrayList<>();
    List<String> lost = new ArrayList<>();
    try (CommittingClient app = new CommittingClient(address("db-ip"))) {
      for (int i = 1; i <= count; i++) {
        Round r = failover(app);
        rounds.add(r);
        System.err.printf("RealDatabaseFailoverBenchmark round %2d: %s%n", i, r);
      }
      app.close();
      Set<Long> rows = CommittingClient.rowsAt(address("db-ip"));
      app.acknowledged().stream()
          .filter(c -> !rows.contains(c.n()))
          .forEach(c -> lost.add(String.valueOf(c.n())));
      System.err.printf(
          "RealDatabaseFailoverBenchmark: %d failovers, %d commits acknowledged, %d lost%n",
          rounds.size(), app.acknowledged().size(), lost.size());
    }
    summary("total", rounds, Round::total);
    summary("token", rounds, r -> ms(r.struck(), r.lost()));
    summary("fencing", rounds, r -> ms(r.lost(), r.fenced()));
    summary("start", rounds, r -> ms(r.fenced(), r.serverStarting()));
    summary("recovery", rounds, r -> ms(r.serverStarting(), r.serverReady()));
    summary("reconnect", rounds, r -> ms(r.serverReady(), r.firstCommit()));
    assertThat(lost).as("acknowledged commits lost").isEmpty();
    assertThat(twoServers()).as("samples where two PostgreSQL servers held the data").isEmpty();

    // the peers: the same server and data, handled by Kubernetes alone
    disableTheService();
    operator.close();
    for (String kind : List.of("StatefulSet", "Deployment")) {
      peer(kind);
    }
  }

  /** Hangs db's owner; times the failover; powers the old owner on and waits for it to rejoin. */
  private Round failover(CommittingClient app) {
    String from = owner();
    Instant before = Instant.now();
    awaitCommit(app, from, before);
    Instant struck = Instant.now();
    cp.hangNode(from);
    Instant lost =
        poll(
            "the loss of " + from, () -> member(from) != MemberState.ONLINE ? Instant.now() : null);
    Instant fenced =
        poll(from + " fenced", () -> member(from) == MemberState.FENCED ? Instant.now() : null);
    String to =
        poll(
            "db started elsewhere",
            () -> {
              String o = owner();
              return o != null && !o.equals(from) ? o : null;
            });
    Instant firstCommit = awaitCommit(app, to, struck);
    Map<String, Instant> log = serverLog(to);
    Round r =
        new Round(
            from,
            to,
            struck,
            lost,
            fenced,
            log.get("starting PostgreSQL"),
            log.get("database system is ready to accept connections"),
            firstCommit);
    bmcs.setPower(from, true);
    poll(from + " online", () -> member(from) == MemberState.ONLINE ? from : null);
    return r;
  }

  /**
   * The same hang with the server as a {@code kind}, the operator stopped (its pod evicted from the
   * unreachable node after 10 s instead of the default 300 s): when, if ever within 2 minutes, a
   * server runs elsewhere and takes a commit; then the hung node wakes up (thawed), as a hung node
   * may: whether two servers held the data at once, and two ran at once.
   */
  private void peer(String kind) throws Exception {
    String name = kind.toLowerCase();
    Manifests.apply(client, PostgresManifests.workload(kind, name, NS, 10));
    Pod first =
        poll(kind + "'s pod ready", () -> readyPod(name).orElse(null), Duration.ofMinutes(2));
    String from = first.getSpec().getNodeName();
    int samplesBefore = holders.samples().size();
    String ran;
    String committed;
    long lost;
    try (CommittingClient app = new CommittingClient(address(name))) {
      awaitCommit(app, from, Instant.now());
      Instant struck = Instant.now();
      cp.hangNode(from);
      Instant deadline = struck.plus(Duration.ofMinutes(2));
      Optional<Pod> elsewhere = Optional.empty();
      while (Instant.now().isBefore(deadline) && elsewhere.isEmpty()) {
        elsewhere = readyPod(name).filter(p -> !from.equals(p.getSpec().getNodeName()));
        Thread.sleep(200);
      }
      ran =
          elsewhere
              .map(
                  p ->
                      "ready on "
                          + p.getSpec().getNodeName()
                          + " "
                          + ms(struck, Instant.now())
                          + " ms after the hang")
              .orElse("none within 2 minutes");
      Optional<CommittingClient.Commit> commit = Optional.empty();
      Instant commitDeadline = Instant.now().plus(Duration.ofSeconds(15));
      while (elsewhere.isPresent() && commit.isEmpty() && Instant.now().isBefore(commitDeadline)) {
        commit =
            app.acknowledged().stream()
                .filter(c -> c.at().isAfter(struck) && !c.server().startsWith(subnet(from)))
                .findFirst();
        Thread.sleep(100);
      }
      committed = commit.map(c -> ms(struck, c.at()) + " ms after the hang").orElse("none");
      // the hung node wakes up: its kubelet finds its pod deleted and stops it, its server runs on
      cp.thawNode(from);
      Thread.sleep(20_000);
      app.close();
      Set<Long> rows = CommittingClient.rowsAt(address(name));
      lost = app.acknowledged().stream().filter(c -> !rows.contains(c.n())).count();
    }
    List<ProcessWatcher.Sample> samples = holders.samples();
    samples = samples.subList(samplesBefore, samples.size());
    long heldTwice = samples.stream().filter(s -> serversIn(s.processes()) > 1).count();
    long ranTwice = samples.stream().filter(s -> serversIn(s.live()) > 1).count();
    System.err.printf(
        "RealDatabaseFailoverBenchmark %s (operator stopped): %s hung; a server elsewhere: %s;"
            + " first commit elsewhere: %s; after the thaw, old pod %s; samples (every 100 ms) with"
            + " two servers holding the data: %d, both running: %d; acknowledged commits lost: %d%n",
        kind, from, ran, committed, podPhase(first), heldTwice, ranTwice, lost);
    // end everything on the node at its BMC, then boot it
    bmcs.setPower(from, false);
    poll(from + " off", () -> !bmcs.hasPower(from) ? from : null);
    bmcs.setPower(from, true);
    client.apps().statefulSets().inNamespace(NS).withName(name).delete();
    client.apps().deployments().inNamespace(NS).withName(name).delete();
    poll(kind + " gone", () -> pods(name).isEmpty() ? name : null, Duration.ofMinutes(2));
  }

  private static long serversIn(List<ProcessWatcher.Seen> seen) {
    return seen.stream().map(ProcessWatcher.Seen::podUid).distinct().count();
  }

  private void disableTheService() {
    client
        .resources(ClusterService.class)
        .inNamespace(NS)
        .withName("db")
        .edit(
            s -> {
              s.setSpec(s.getSpec().withState(dev.rgmanager.api.v1alpha1.DesiredState.DISABLED));
              return s;
            });
    poll(
        "db disabled and its pods gone",
        () -> pods(null).stream().noneMatch(p -> "db".equals(label(p))) ? "yes" : null,
        Duration.ofMinutes(2));
  }

  private static String label(Pod p) {
    return p.getMetadata().getLabels() == null
        ? null
        : p.getMetadata().getLabels().get("rgmanager.dev/service");
  }

  private static List<Pod> pods(String app) {
    return client.pods().inNamespace(NS).list().getItems().stream()
        .filter(
            p ->
                app == null
                    || (p.getMetadata().getLabels() != null
                        && app.equals(p.getMetadata().getLabels().get("app"))))
        .toList();
  }

  private static Optional<Pod> readyPod(String app) {
    return pods(app).stream()
        .filter(p -> p.getMetadata().getDeletionTimestamp() == null)
        .filter(
            p ->
                p.getStatus() != null
                    && p.getStatus().getConditions() != null
                    && p.getStatus().getConditions().stream()
                        .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus())))
        .findFirst();
  }

  private static String podPhase(Pod p) {
    Pod now = client.pods().inNamespace(NS).withName(p.getMetadata().getName()).get();
    if (now == null) {
      return "deleted";
    }
    return now.getMetadata().getDeletionTimestamp() != null
        ? "terminating since " + now.getMetadata().getDeletionTimestamp()
        : now.getStatus().getPhase();
  }

  /** The samples where processes of two pods held the data directory. */
  private static List<ProcessWatcher.Sample> twoServers() {
    return holders.samples().stream()
        .filter(
            s ->
                s.processes().stream()
                        .map(ProcessWatcher.Seen::podUid)
                        .collect(Collectors.toSet())
                        .size()
                    > 1)
        .toList();
  }

  /** The times of the lines of db's server log on {@code node}, by message (the last of each). */
  private static Map<String, Instant> serverLog(String node) {
    Pod pod =
        pods(null).stream()
            .filter(p -> "db".equals(label(p)) && node.equals(p.getSpec().getNodeName()))
            .findFirst()
            .orElseThrow();
    String log = client.pods().inNamespace(NS).withName(pod.getMetadata().getName()).getLog();
    Map<String, Instant> at = new LinkedHashMap<>();
    DateTimeFormatter f = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS");
    for (String line : log.split("\n")) {
      Matcher m = PG_LOG.matcher(line);
      if (m.matches()) {
        Instant t = LocalDateTime.parse(m.group(1), f).toInstant(ZoneOffset.UTC);
        String msg = m.group(2);
        at.put(msg.startsWith("starting PostgreSQL") ? "starting PostgreSQL" : msg, t);
      }
    }
    return at;
  }

  private static Instant awaitCommit(CommittingClient app, String node, Instant since) {
    return poll(
        "a commit acknowledged on " + node,
        () ->
            app.acknowledged().stream()
                .filter(c -> c.at().isAfter(since) && c.server().startsWith(subnet(node)))
                .findFirst()
                .map(CommittingClient.Commit::at)
                .orElse(null));
  }

  private static String subnet(String node) {
    return "198.18." + node.substring("node-".length()) + ".";
  }

  private static MemberState member(String node) {
    return FailoverE2E.member(client, node);
  }

  private static String owner() {
    ClusterService s = client.resources(ClusterService.class).inNamespace(NS).withName("db").get();
    return s == null
            || s.getStatus() == null
            || !"STARTED".equals(String.valueOf(s.getStatus().state()))
        ? null
        : s.getStatus().owner();
  }

  private static String address(String service) {
    return poll(
        "the Service " + service,
        () -> {
          var s = client.services().inNamespace(NS).withName(service).get();
          return s == null ? null : s.getSpec().getClusterIP();
        });
  }

  private static <T> T poll(String what, Supplier<T> probe) {
    return poll(what, probe, WAIT);
  }

  /** Polls every 50 ms (the phases are timed by it) until {@code probe} gives non-null. */
  private static <T> T poll(String what, Supplier<T> probe, Duration timeout) {
    Instant deadline = Instant.now().plus(timeout);
    while (Instant.now().isBefore(deadline)) {
      try {
        T t = probe.get();
        if (t != null) {
          return t;
        }
      } catch (RuntimeException e) {
        // the API server was busy: look again
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted waiting for " + what);
      }
    }
    throw new AssertionError("timed out after " + timeout.toSeconds() + " s waiting for " + what);
  }

  private static void summary(
      String phase, List<Round> rounds, java.util.function.ToLongFunction<Round> f) {
    long[] v = rounds.stream().mapToLong(f).sorted().toArray();
    if (v.length == 0) {
      return;
    }
    System.err.printf(
        "RealDatabaseFailoverBenchmark %-9s p50 %5d ms  p99 %5d ms  min %5d  max %5d (n=%d)%n",
        phase,
        v[(int) Math.ceil(0.50 * v.length) - 1],
        v[(int) Math.ceil(0.99 * v.length) - 1],
        v[0],
        v[v.length - 1],
        v.length);
  }

  static long ms(Instant a, Instant b) {
    return a == null || b == null ? -1 : Duration.between(a, b).toMillis();
  }
}
