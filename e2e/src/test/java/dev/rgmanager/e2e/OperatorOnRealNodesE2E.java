package dev.rgmanager.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rgmanager.api.v1alpha1.ClusterService;
import dev.rgmanager.api.v1alpha1.HACluster;
import dev.rgmanager.api.v1alpha1.MemberState;
import dev.rgmanager.operator.testing.Await;
import dev.rgmanager.operator.testing.ControlPlane;
import dev.rgmanager.operator.testing.Manifests;
import dev.rgmanager.operator.testing.RepoPaths;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The operator as users run it: its image (operator/image/target/jib-image.tar) imported into the
 * containerd of three real nodes, installed by the Helm chart into a namespace that enforces Pod
 * Security "restricted". Two pods run it, as UID 185 on a read-only root, one of them the leader;
 * its metrics answer through the chart's Service; {@code helm upgrade} to a new tag rolls it with
 * never two leaders; and when the leader's own node loses its power with a service on it, the
 * standby takes the Lease, fences the node through its BMC and moves the service.
 */
@ExtendWith(OperatorOnRealNodesE2E.WhereItRuns.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OperatorOnRealNodesE2E {
  private static final String CLUSTER = "realop";
  private static final String SYSTEM = "rgmanager-system";
  private static final String NS = "realop";
  private static final String RELEASE = "rgm";
  private static final String FULLNAME = RELEASE + "-rgmanager-operator";
  private static final String IMAGE = "ghcr.io/rgmanager-operator/rgmanager-operator";
  private static final String TAG = "0.1.0";
  private static final String NEW_TAG = "0.1.0-rolled";
  private static final String LEASE = "rgmanager-operator-leader";
  private static final String BMC_ADDRESS = "198.18.0.1";
  private static final int BMC_BASE_PORT = 6530;
  private static final Duration WAIT = Duration.ofSeconds(120);
  private static final List<String> NODES = List.of("node-1", "node-2", "node-3");
  private static final Path ARCHIVE =
      RepoPaths.root().resolve("operator/image/target/jib-image.tar");
  private static ControlPlane cp;
  private static KubernetesClient client;
  private static Bmcs bmcs;
  private static ProcessWatcher operators;
  private static Map<String, String> cgroups;

  /** Skips the class where real nodes cannot run, or where the image was not built. */
  static final class WhereItRuns extends RealNodes.WhereTheyRun {
    @Override
    protected String cluster() {
      return CLUSTER;
    }

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
      if (context.getTestMethod().isEmpty() && !Files.isRegularFile(ARCHIVE)) {
        String why =
            "the operator image is not built: "
                + ARCHIVE
                + " (module image, which needs mmdebstrap)";
        System.err.println(context.getDisplayName() + " skipped: " + why);
        return ConditionEvaluationResult.disabled(why);
      }
      return super.evaluateExecutionCondition(context);
    }
  }

  @BeforeAll
  static void start() throws Exception {
    cp = ControlPlane.realNodes(CLUSTER, NODES.size());
    cp.importImage(ARCHIVE);
    client = RealNodes.client(cp);
    cgroups = cp.nodeCgroups(NODES);
    operators = new ProcessWatcher("/deployments/quarkus-run.jar", cgroups);
    bmcs =
        Bmcs.forRealNodes(
            cp,
            NODES.size(),
            BMC_ADDRESS,
            BMC_BASE_PORT,
            RepoPaths.root().resolve("e2e/target/realop-bmcs"));
    for (String ns : List.of(SYSTEM, NS)) {
      client
          .namespaces()
          .resource(
              new NamespaceBuilder()
                  .withNewMetadata()
                  .withName(ns)
                  .addToLabels("pod-security.kubernetes.io/enforce", "restricted")
                  .addToLabels("pod-security.kubernetes.io/enforce-version", "latest")
                  .endMetadata()
                  .build())
          .serverSideApply();
    }
    helm("install", RELEASE, chart(), "-n", SYSTEM, "--wait", "--timeout", "4m");
    Manifests.apply(client, BmcManifests.fencedCluster(BMC_ADDRESS, BMC_BASE_PORT));
  }

  @AfterAll
  static void stop() throws Exception {
    for (AutoCloseable c : new AutoCloseable[] {operators, bmcs, client}) {
      if (c != null) {
        c.close();
      }
    }
    if (cp != null) {
      cp.stop();
    }
  }

  @Test
  @Order(1)
  void theChartRunsTheImageAsTwoRestrictedPodsWithOneLeader() throws Exception {
    List<Pod> pods = awaitOperatorPods(TAG);
    for (Pod pod : pods) {
      long pid = operatorProcess(pod);
      assertThat(Files.readAllLines(Path.of("/proc/" + pid + "/status")))
          .as("the operator of %s runs as UID and GID 185", pod.getMetadata().getName())
          .anyMatch(l -> l.matches("Uid:\\s+185\\s+185\\s+185\\s+185"))
          .anyMatch(l -> l.matches("Gid:\\s+185\\s+185\\s+185\\s+185"));
      assertThat(rootMountOptions(pid))
          .as("the root filesystem of %s", pod.getMetadata().getName())
          .startsWith("ro");
      assertThat(probeFailures(pod))
          .as(
              "no liveness probe of %s failed, and no container was killed",
              pod.getMetadata().getName())
          .isEmpty();
      assertThat(pod.getStatus().getContainerStatuses().get(0).getRestartCount())
          .as("the operator of %s never restarted; %s", pod.getMetadata().getName(), lastEnd(pod))
          .isZero();
    }
    assertThatThrownBy(
            () ->
                client
                    .pods()
                    .inNamespace(SYSTEM)
                    .resource(
                        new PodBuilder()
                            .withNewMetadata()
                            .withName("privileged")
                            .endMetadata()
                            .withNewSpec()
                            .addNewContainer()
                            .withName("c")
                            .withImage(IMAGE + ":" + TAG)
                            .withNewSecurityContext()
                            .withPrivileged(true)
                            .endSecurityContext()
                            .endContainer()
                            .endSpec()
                            .build())
                    .create())
        .as("Pod Security restricted is enforced in " + SYSTEM)
        .isInstanceOf(KubernetesClientException.class)
        .hasMessageContaining("violates PodSecurity \"restricted:latest\"");

    Pod leader = leaderPod();
    Await.REAL_CLUSTER.until(
        "the leader's view of the cluster: 3 members online",
        WAIT,
        () ->
            Optional.ofNullable(client.resources(HACluster.class).withName("e2e").get())
                .map(h -> h.getStatus() == null ? 0 : h.getStatus().membersOrEmpty().size())
                .orElse(0),
        n -> n == 3);
    Await.REAL_CLUSTER.until(
        "every member online",
        WAIT,
        () -> NODES.stream().allMatch(n -> FailoverE2E.member(client, n) == MemberState.ONLINE),
        all -> all);
    for (Pod pod : pods) {
      // each pod's own metrics (its pod address): only the leader has counted the members
      boolean isLeader = pod.getMetadata().getName().equals(leader.getMetadata().getName());
      String own = RealNodes.httpGet("http://" + pod.getStatus().getPodIP() + ":8080/q/metrics");
      if (isLeader) {
        assertThat(own)
            .as("%s, the leader, counts the members online", pod.getMetadata().getName())
            .containsPattern("(?m)^rgmanager_members_online 3\\.0$");
      } else {
        assertThat(own)
            .as("%s, the standby, counts no member: it does not act", pod.getMetadata().getName())
            .doesNotContainPattern("(?m)^rgmanager_members_online [1-9]")
            .contains("# TYPE");
      }
    }
    String service =
        "http://"
            + client
                .services()
                .inNamespace(SYSTEM)
                .withName(FULLNAME + "-metrics")
                .get()
                .getSpec()
                .getClusterIP()
            + ":8080/q/metrics";
    // the Service picks either pod: the leader's answer carries the cluster's metrics
    Await.REAL_CLUSTER.until(
        "the leader's metrics through the chart's Service",
        WAIT,
        () -> RealNodes.httpGet(service),
        m -> m.contains("rgmanager_quorate 1.0"));
  }

  @Test
  @Order(2)
  void helmUpgradeToANewTagRollsTheOperatorWithoutTwoLeaders() throws Exception {
    Pod oldLeader = leaderPod();
    cp.tagImage(IMAGE + ":" + TAG, IMAGE + ":" + NEW_TAG);
    Instant began = Instant.now();
    helm(
        "upgrade",
        RELEASE,
        chart(),
        "-n",
        SYSTEM,
        "--reuse-values",
        "--set",
        "image.tag=" + NEW_TAG,
        "--wait",
        "--timeout",
        "5m");
    List<Pod> pods = awaitOperatorPods(NEW_TAG);
    Pod newLeader =
        Await.REAL_CLUSTER.until(
            "a leader among the new pods",
            WAIT,
            OperatorOnRealNodesE2E::leaderPod,
            p ->
                pods.stream()
                    .anyMatch(n -> n.getMetadata().getName().equals(p.getMetadata().getName())));
    Instant acquired = acquireTime();
    Instant oldLastSeen = lastSeenLive(oldLeader);
    System.err.printf(
        "OperatorOnRealNodesE2E upgrade: %s -> %s; old leader last seen running %d ms after the"
            + " upgrade began, the Lease taken %d ms after that%n",
        oldLeader.getMetadata().getName(),
        newLeader.getMetadata().getName(),
        Duration.between(began, oldLastSeen).toMillis(),
        Duration.between(oldLastSeen, acquired).toMillis());
    assertThat(acquired)
        .as("the new leader took the Lease only after the old leader's process had ended")
        .isAfter(oldLastSeen);
    Await.REAL_CLUSTER.until(
        "the new leader acting: every member online in its status",
        WAIT,
        () -> NODES.stream().allMatch(n -> FailoverE2E.member(client, n) == MemberState.ONLINE),
        all -> all);
  }

  @Test
  @Order(3)
  void theLeadersOwnNodeLosesItsPowerAndTheStandbyFailsTheServiceOver() throws Exception {
    Pod leader = leaderPod();
    String lost = leader.getSpec().getNodeName();
    List<String> others = NODES.stream().filter(n -> !n.equals(lost)).toList();
    String marker = "own-" + UUID.randomUUID();
    Manifests.apply(client, domainPreferring(lost, others) + service(marker));
    Await.REAL_CLUSTER.until(
        "app started on the leader's node " + lost,
        WAIT,
        OperatorOnRealNodesE2E::where,
        ("STARTED@" + lost)::equals);
    try (ProcessWatcher app = new ProcessWatcher(marker, cgroups)) {
      Await.REAL_CLUSTER.until(
          "app's process on " + lost,
          WAIT,
          () -> app.latest().live(),
          p -> p.size() == 1 && p.get(0).node().equals(lost));
      Instant struck = Instant.now();
      bmcs.setPower(lost, false);
      Await.REAL_CLUSTER.until("no power on " + lost, WAIT, () -> bmcs.hasPower(lost), on -> !on);
      Pod standby =
          Await.REAL_CLUSTER.until(
              "the standby holding the Lease",
              WAIT,
              OperatorOnRealNodesE2E::leaderPod,
              p -> !p.getSpec().getNodeName().equals(lost));
      Instant acquired = acquireTime();
      Await.REAL_CLUSTER.until(
          lost + " fenced",
          WAIT,
          () -> FailoverE2E.member(client, lost),
          m -> m == MemberState.FENCED);
      Instant fenced = Instant.now();
      String moved =
          Await.REAL_CLUSTER.until(
              "app started elsewhere",
              WAIT,
              OperatorOnRealNodesE2E::where,
              w -> w.startsWith("STARTED@") && !w.equals("STARTED@" + lost));
      Await.REAL_CLUSTER.until(
          "app's process running elsewhere",
          WAIT,
          () -> app.latest().live(),
          p -> p.size() == 1 && !p.get(0).node().equals(lost));
      Instant running = Instant.now();
      System.err.printf(
          "OperatorOnRealNodesE2E own node lost: power off %s -> Lease taken by %s on %s %d ms,"
              + " -> %s fenced %d ms, -> app running on %s %d ms%n",
          lost,
          standby.getMetadata().getName(),
          standby.getSpec().getNodeName(),
          Duration.between(struck, acquired).toMillis(),
          lost,
          Duration.between(struck, fenced).toMillis(),
          moved.substring("STARTED@".length()),
          Duration.between(struck, running).toMillis());
      assertThat(app.samples().stream().filter(s -> s.live().size() > 1).toList())
          .as("samples where two copies of app ran")
          .isEmpty();
    } finally {
      bmcs.setPower(lost, true);
    }
    Await.REAL_CLUSTER.until(
        lost + " online again",
        WAIT,
        () -> FailoverE2E.member(client, lost),
        m -> m == MemberState.ONLINE);
  }

  private static String domainPreferring(String first, List<String> then) {
    return """
        apiVersion: rgmanager.dev/v1alpha1
        kind: FailoverDomain
        metadata:
          name: own
          namespace: NS
        spec:
          ordered: true
          restricted: true
          nofailback: true
          members:
            - {node: A, priority: 1}
            - {node: B, priority: 2}
            - {node: C, priority: 3}
        ---
        """
        .replace("NS", NS)
        .replace("A", first)
        .replace("B", then.get(0))
        .replace("C", then.get(1));
  }

  /** A busybox shell under Pod Security restricted, carrying {@code marker} as its $0. */
  private static String service(String marker) {
    return """
        apiVersion: rgmanager.dev/v1alpha1
        kind: ClusterService
        metadata:
          name: app
          namespace: NS
        spec:
          domain: own
          statusInterval: 2s
          resources:
            - name: app
              app:
                template:
                  spec:
                    terminationGracePeriodSeconds: 1
                    securityContext:
                      runAsNonRoot: true
                      runAsUser: 65534
                      seccompProfile: {type: RuntimeDefault}
                    containers:
                      - name: app
                        image: localhost/rgm/busybox:1.35
                        imagePullPolicy: Never
                        securityContext:
                          allowPrivilegeEscalation: false
                          capabilities: {drop: [ALL]}
                        command: [/bin/sh, -c, "while true; do sleep 1; done", MARKER]
        ---
        """
        .replace("NS", NS)
        .replace("MARKER", marker);
  }

  private static String where() {
    ClusterService s = client.resources(ClusterService.class).inNamespace(NS).withName("app").get();
    return s == null || s.getStatus() == null
        ? "none"
        : s.getStatus().state() + "@" + s.getStatus().owner();
  }

  /** The two operator pods Ready, all of image tag {@code tag} and none terminating. */
  private static List<Pod> awaitOperatorPods(String tag) {
    return Await.REAL_CLUSTER.until(
        "two operator pods of " + tag + " Ready",
        WAIT,
        () ->
            client
                .pods()
                .inNamespace(SYSTEM)
                .withLabel("app.kubernetes.io/instance", RELEASE)
                .list()
                .getItems(),
        pods ->
            pods.size() == 2
                && pods.stream()
                    .allMatch(
                        p ->
                            p.getMetadata().getDeletionTimestamp() == null
                                && p.getSpec().getContainers().get(0).getImage().endsWith(":" + tag)
                                && p.getStatus().getConditions() != null
                                && p.getStatus().getConditions().stream()
                                    .anyMatch(
                                        c ->
                                            "Ready".equals(c.getType())
                                                && "True".equals(c.getStatus()))));
  }

  /**
   * The kubelet's Events of a failed liveness probe, or of the container killed for a failed probe.
   * A startup probe that fails while the JVM starts is expected and not counted.
   */
  private static List<String> probeFailures(Pod pod) {
    return client.v1().events().inNamespace(SYSTEM).list().getItems().stream()
        .filter(e -> pod.getMetadata().getName().equals(e.getInvolvedObject().getName()))
        .map(e -> e.getReason() + ": " + e.getMessage())
        .filter(m -> m.startsWith("Unhealthy: Liveness probe") || m.startsWith("Killing:"))
        .toList();
  }

  /** How the pod's container last ended, if it ever did (exit code, reason, when). */
  private static String lastEnd(Pod pod) {
    Pod now = client.pods().inNamespace(SYSTEM).withName(pod.getMetadata().getName()).get();
    var last = now.getStatus().getContainerStatuses().get(0).getLastState();
    if (last == null || last.getTerminated() == null) {
      return "it never ended";
    }
    var t = last.getTerminated();
    return "it last ended with exit code %d (%s) at %s"
        .formatted(t.getExitCode(), t.getReason(), t.getFinishedAt());
  }

  /** The pod holding the leader Lease (its identity is the pod's name). */
  private static Pod leaderPod() {
    return Await.REAL_CLUSTER.until(
        "a holder of the Lease " + LEASE,
        WAIT,
        () -> {
          Lease l = client.leases().inNamespace(SYSTEM).withName(LEASE).get();
          String holder = l == null ? null : l.getSpec().getHolderIdentity();
          return holder == null ? null : client.pods().inNamespace(SYSTEM).withName(holder).get();
        },
        p -> p != null);
  }

  private static Instant acquireTime() {
    ZonedDateTime t =
        client.leases().inNamespace(SYSTEM).withName(LEASE).get().getSpec().getAcquireTime();
    return t.toInstant();
  }

  /** The host PID of the operator's JVM in {@code pod}. */
  private static long operatorProcess(Pod pod) {
    return Await.REAL_CLUSTER
        .until(
            "the operator's process of " + pod.getMetadata().getName(),
            WAIT,
            () ->
                operators.latest().live().stream()
                    .filter(s -> s.podUid().equals(pod.getMetadata().getUid()))
                    .toList(),
            p -> p.size() == 1)
        .get(0)
        .pid();
  }

  /** When the operator's process of {@code pod} was last seen running (not frozen, not gone). */
  private static Instant lastSeenLive(Pod pod) {
    return operators.samples().stream()
        .filter(s -> s.live().stream().anyMatch(p -> p.podUid().equals(pod.getMetadata().getUid())))
        .map(ProcessWatcher.Sample::at)
        .reduce((a, b) -> b)
        .orElseThrow(() -> new AssertionError("never saw the process of " + pod));
  }

  /** The mount options of the process's root filesystem, from /proc/PID/mountinfo. */
  private static String rootMountOptions(long pid) throws Exception {
    return Files.readAllLines(Path.of("/proc/" + pid + "/mountinfo")).stream()
        .map(l -> l.split(" "))
        .filter(f -> f[4].equals("/"))
        .map(f -> f[5])
        .reduce((a, b) -> b)
        .orElseThrow();
  }

  private static String chart() {
    return RepoPaths.root().resolve("helm/rgmanager-operator").toString();
  }

  private static void helm(String... args) throws Exception {
    HelmInstallE2E.Run r = HelmInstallE2E.run(HelmInstallE2E.cmd(cp, "helm", args));
    assertThat(r.exit()).as("helm %s: %s", args[0], r.out()).isZero();
  }
}
