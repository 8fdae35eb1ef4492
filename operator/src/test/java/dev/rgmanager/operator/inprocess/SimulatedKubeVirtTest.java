package dev.rgmanager.operator.inprocess;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rgmanager.operator.testing.Await;
import dev.rgmanager.operator.testing.KubeVirtCrds;
import dev.rgmanager.operator.testing.KubeVirtNames;
import dev.rgmanager.operator.testing.RunningHistory;
import dev.rgmanager.operator.testing.SimulatedKubeVirt;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Pod;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The KubeVirt stand-in itself, on the real API server with KubeVirt's API as CRDs and three kwok
 * nodes: a VMI gets its launcher pod on the matching node and runs; it migrates through
 * addedNodeSelector and never runs in two places meanwhile; a failed or unschedulable migration
 * leaves it where it was; a crash fails it; deleting it deletes its pods; a MigrationPolicy pauses
 * it for the copy; a start by hand and a stray launcher are seen where they run.
 */
@ReconcilerTest
class SimulatedKubeVirtTest {
  private static String vmi(String ns, String name, String nodeSelector) {
    return """
        apiVersion: kubevirt.io/v1
        kind: VirtualMachineInstance
        metadata:
          name: %s
          namespace: %s
          labels: {app: %s}
        spec:
          %s
          nodeSelecter: {misspelt: "true"}
          terminationGracePeriodSeconds: 5
          domain:
            devices: {disks: [{name: root, disk: {bus: virtio}}]}
            resources: {requests: {memory: 64Mi}}
          volumes:
          - name: root
            containerDisk: {image: quay.io/containerdisks/fedora:40}
        """
        .formatted(name, ns, name, nodeSelector);
  }

  /**
   * Creates the objects of {@code yaml}: a create prunes a field the schema does not declare, as
   * the real API server does, where server-side apply refuses it.
   */
  private static void create(LiveCluster live, String yaml) {
    live.client()
        .load(
            new java.io.ByteArrayInputStream(
                yaml.getBytes(java.nio.charset.StandardCharsets.UTF_8)))
        .items()
        .forEach(o -> live.client().resource(o).create());
  }

  private static String migration(String ns, String name, String vmi, String node) {
    return """
        apiVersion: kubevirt.io/v1
        kind: VirtualMachineInstanceMigration
        metadata:
          name: %s
          namespace: %s
        spec:
          vmiName: %s
          addedNodeSelector: {kubernetes.io/hostname: %s}
        """
        .formatted(name, ns, vmi, node);
  }

  private static GenericKubernetesResource get(LiveCluster live, String kind, String name) {
    var ctx =
        switch (kind) {
          case "vmi" -> KubeVirtCrds.VIRTUAL_MACHINE_INSTANCE;
          case "vmim" -> KubeVirtCrds.MIGRATION;
          default -> KubeVirtCrds.VIRTUAL_MACHINE;
        };
    return live.client()
        .genericKubernetesResources(ctx)
        .inNamespace(live.namespace())
        .withName(name)
        .get();
  }

  @SuppressWarnings("unchecked")
  private static Object at(GenericKubernetesResource r, String... path) {
    Object o = r == null ? null : r.getAdditionalProperties();
    for (String p : path) {
      o = o instanceof Map<?, ?> m ? ((Map<String, Object>) m).get(p) : null;
    }
    return o;
  }

  private static String phase(GenericKubernetesResource r) {
    return (String) at(r, "status", "phase");
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> condition(GenericKubernetesResource r, String type) {
    Object cs = at(r, "status", "conditions");
    if (!(cs instanceof List<?> l)) {
      return null;
    }
    return (Map<String, Object>)
        l.stream()
            .filter(c -> type.equals(((Map<String, Object>) c).get("type")))
            .findFirst()
            .orElse(null);
  }

  private static List<Pod> launchers(LiveCluster live) {
    return live.client()
        .pods()
        .inNamespace(live.namespace())
        .withLabel(KubeVirtNames.APP_LABEL, KubeVirtNames.VIRT_LAUNCHER)
        .list()
        .getItems();
  }

  private static GenericKubernetesResource runningOn(LiveCluster live, String vmi, String node) {
    return Await.IN_PROCESS.until(
        vmi + " Running on " + node,
        () -> get(live, "vmi", vmi),
        v -> "Running".equals(phase(v)) && node.equals(at(v, "status", "nodeName")));
  }

  @Test
  @SuppressWarnings("unchecked")
  void aVmiRunsInItsLauncherPodOnTheMatchingNode(LiveCluster live) {
    String ns = live.namespace();
    try (SimulatedKubeVirt kv = SimulatedKubeVirt.start(live.client())) {
      create(live, vmi(ns, "db", "nodeSelector: {kubernetes.io/hostname: node-2}"));
      GenericKubernetesResource v = runningOn(live, "db", "node-2");

      assertThat(v.getMetadata().getFinalizers()).contains(KubeVirtNames.VMI_FINALIZER);
      assertThat(at(v, "spec", "nodeSelecter")).as("a misspelt field is pruned").isNull();
      assertThat(at(v, "spec", "domain", "resources", "requests", "memory")).isEqualTo("64Mi");
      assertThat(condition(v, "Ready")).containsEntry("status", "True");
      assertThat(condition(v, "LiveMigratable")).containsEntry("status", "True");
      List<Pod> pods = launchers(live);
      assertThat(pods).hasSize(1);
      Pod pod = pods.get(0);
      assertThat(pod.getMetadata().getName()).matches("virt-launcher-db-[a-z0-9]{5}");
      assertThat(pod.getSpec().getNodeName()).isEqualTo("node-2");
      assertThat(pod.getMetadata().getLabels())
          .containsEntry("kubevirt.io", "virt-launcher")
          .containsEntry("kubevirt.io/created-by", v.getMetadata().getUid())
          .containsEntry("vm.kubevirt.io/name", "db")
          .containsEntry("app", "db");
      assertThat(pod.getMetadata().getAnnotations()).containsEntry("kubevirt.io/domain", "db");
      assertThat(pod.getMetadata().getOwnerReferences().get(0).getController()).isTrue();
      assertThat((Map<String, Object>) at(v, "status", "activePods"))
          .containsEntry(pod.getMetadata().getUid(), "node-2");
      assertThat(phasesOf(v)).containsSubsequence("Pending", "Scheduling", "Scheduled", "Running");
      assertThat(kv.runningOn(ns, "db")).containsExactly("node-2");
      String version = get(live, "vmi", "db").getMetadata().getResourceVersion();
      Await.IN_PROCESS.holds(
          "the Running VMI left alone (the simulation writes only changes)",
          Duration.ofSeconds(2),
          () -> get(live, "vmi", "db").getMetadata().getResourceVersion(),
          version::equals);

      // a required node affinity
      create(
          live,
          vmi(
              ns,
              "pinned",
              "affinity: {nodeAffinity: {requiredDuringSchedulingIgnoredDuringExecution: "
                  + "{nodeSelectorTerms: [{matchExpressions: [{key: kubernetes.io/hostname, "
                  + "operator: NotIn, values: [node-1, node-2]}]}]}}}"));
      runningOn(live, "pinned", "node-3");

      // a selector no node matches: the pod stays unbound, the VMI Scheduling
      create(live, vmi(ns, "nowhere", "nodeSelector: {kubernetes.io/hostname: node-9}"));
      Await.IN_PROCESS.until(
          "nowhere's pod unschedulable",
          () -> launchers(live).stream().filter(p -> launcherOf(p, "nowhere")).toList(),
          l ->
              l.size() == 1
                  && l.get(0).getSpec().getNodeName() == null
                  && l.get(0).getStatus().getConditions().stream()
                      .anyMatch(c -> "Unschedulable".equals(c.getReason())));
      assertThat(phase(get(live, "vmi", "nowhere"))).isEqualTo("Scheduling");
    }
  }

  private static boolean launcherOf(Pod p, String vmi) {
    return vmi.equals(p.getMetadata().getLabels().get("vm.kubevirt.io/name"));
  }

  @SuppressWarnings("unchecked")
  private static List<String> phasesOf(GenericKubernetesResource r) {
    Object l = at(r, "status", "phaseTransitionTimestamps");
    return l == null
        ? List.of()
        : ((List<Map<String, Object>>) l).stream().map(m -> (String) m.get("phase")).toList();
  }

  @Test
  void aMigrationMovesTheVmiAndItNeverRunsInTwoPlaces(LiveCluster live) {
    String ns = live.namespace();
    try (SimulatedKubeVirt kv = SimulatedKubeVirt.start(live.client())) {
      create(live, vmi(ns, "db", ""));
      runningOn(live, "db", "node-1");
      String source = launchers(live).get(0).getMetadata().getName();
      RunningHistory history = kv.watchRunning(ns, "db");

      live.apply(migration(ns, "to-2", "db", "node-2"));
      GenericKubernetesResource m =
          Await.IN_PROCESS.until(
              "the migration Succeeded",
              () -> get(live, "vmim", "to-2"),
              x -> "Succeeded".equals(phase(x)));
      GenericKubernetesResource v = runningOn(live, "db", "node-2");

      assertThat(phasesOf(m))
          .containsExactly(
              "Pending",
              "Scheduling",
              "Scheduled",
              "PreparingTarget",
              "TargetReady",
              "Running",
              "Succeeded");
      assertThat(at(v, "status", "migrationState", "completed")).isEqualTo(true);
      assertThat(at(v, "status", "migrationState", "sourceNode")).isEqualTo("node-1");
      assertThat(at(v, "status", "migrationState", "targetNode")).isEqualTo("node-2");
      assertThat(at(v, "status", "migrationState", "mode")).isEqualTo("PreCopy");
      assertThat(at(v, "status", "migrationState", "migrationUid"))
          .isEqualTo(m.getMetadata().getUid());
      assertThat(at(v, "status", "migrationState", "endTimestamp")).isNotNull();
      // The migration object's own copy of the state is written after its phase.
      Await.IN_PROCESS.until(
          "the migration object's state completed",
          () -> at(get(live, "vmim", "to-2"), "status", "migrationState", "completed"),
          Boolean.TRUE::equals);
      Await.IN_PROCESS.until(
          "the source pod gone",
          () -> launchers(live).stream().map(p -> p.getMetadata().getName()).toList(),
          names -> !names.contains(source) && names.size() == 1);
      assertThat(kv.runningOn(ns, "db")).containsExactly("node-2");
      Await.IN_PROCESS.until("the watch sees node-2", history::current, Set.of("node-2")::equals);
      assertThat(history.mostNodesAtOnce()).as("%s", history).isEqualTo(1);
      assertThat(history.nodesInOrder()).containsExactly("node-1", "node-2");
    }
  }

  @Test
  void aFailedOrUnschedulableMigrationLeavesTheVmiWhereItWas(LiveCluster live) {
    String ns = live.namespace();
    try (SimulatedKubeVirt kv = SimulatedKubeVirt.start(live.client())) {
      create(live, vmi(ns, "db", ""));
      runningOn(live, "db", "node-1");
      RunningHistory history = kv.watchRunning(ns, "db");

      kv.failNextMigration(ns, "db", "copy interrupted (simulated)");
      live.apply(migration(ns, "to-2", "db", "node-2"));
      GenericKubernetesResource m =
          Await.IN_PROCESS.until(
              "the migration Failed",
              () -> get(live, "vmim", "to-2"),
              x -> "Failed".equals(phase(x)));
      assertThat(condition(m, "Failed")).containsEntry("message", "copy interrupted (simulated)");
      GenericKubernetesResource v = get(live, "vmi", "db");
      assertThat(phase(v)).isEqualTo("Running");
      assertThat(at(v, "status", "nodeName")).isEqualTo("node-1");
      assertThat(at(v, "status", "migrationState", "failed")).isEqualTo(true);
      Await.IN_PROCESS.until(
          "the target pod gone",
          () -> launchers(live).stream().map(p -> p.getSpec().getNodeName()).toList(),
          List.of("node-1")::equals);

      // a target no node can take: failed after the pending timeout
      kv.pendingTargetTimeout(Duration.ofSeconds(2));
      live.apply(migration(ns, "to-9", "db", "node-9"));
      GenericKubernetesResource stuck =
          Await.IN_PROCESS.until(
              "the unschedulable migration Failed",
              () -> get(live, "vmim", "to-9"),
              x -> "Failed".equals(phase(x)));
      assertThat(condition(stuck, "Failed"))
          .containsEntry("reason", "MigrationTargetPodUnschedulable");

      // refused: no such VMI
      live.apply(migration(ns, "of-none", "none", "node-2"));
      GenericKubernetesResource refused =
          Await.IN_PROCESS.until(
              "the migration of a missing VMI refused",
              () -> get(live, "vmim", "of-none"),
              x -> "Failed".equals(phase(x)));
      assertThat(condition(refused, "Failed")).containsEntry("reason", "VMINotFound");
      assertThat(kv.runningOn(ns, "db")).containsExactly("node-1");
      assertThat(history.mostNodesAtOnce()).isEqualTo(1);
      assertThat(history.nodesInOrder()).containsExactly("node-1");
    }
  }

  @Test
  void aCrashFailsTheVmiAndDeletingItDeletesItsPods(LiveCluster live) {
    String ns = live.namespace();
    try (SimulatedKubeVirt kv = SimulatedKubeVirt.start(live.client())) {
      create(live, vmi(ns, "db", "nodeSelector: {kubernetes.io/hostname: node-3}"));
      runningOn(live, "db", "node-3");
      kv.crash(ns, "db");
      GenericKubernetesResource v =
          Await.IN_PROCESS.until(
              "db Failed", () -> get(live, "vmi", "db"), x -> "Failed".equals(phase(x)));
      assertThat(condition(v, "Ready"))
          .containsEntry("status", "False")
          .containsEntry("reason", KubeVirtNames.GUEST_NOT_RUNNING);
      assertThat(kv.runningOn(ns, "db")).isEmpty();

      live.client()
          .genericKubernetesResources(KubeVirtCrds.VIRTUAL_MACHINE_INSTANCE)
          .inNamespace(ns)
          .withName("db")
          .delete();
      Await.IN_PROCESS.until(
          "db and its pod gone",
          () -> List.of(get(live, "vmi", "db") == null, launchers(live).isEmpty()),
          List.of(true, true)::equals);
    }
  }

  @Test
  void aPolicyAllowingDisruptionPausesTheGuestForTheCopy(LiveCluster live) {
    String ns = live.namespace();
    String policy = "pause-" + ns;
    var policies = live.client().genericKubernetesResources(KubeVirtCrds.MIGRATION_POLICY);
    try (SimulatedKubeVirt kv = SimulatedKubeVirt.start(live.client())) {
      live.apply(
          """
          apiVersion: migrations.kubevirt.io/v1alpha1
          kind: MigrationPolicy
          metadata: {name: %s}
          spec:
            selectors:
              virtualMachineInstanceSelector: {app: %s-db}
            allowWorkloadDisruption: true
            allowPostCopy: false
            completionTimeoutPerGiB: 10
            bandwidthPerMigration: 64Mi
          """
              .formatted(policy, ns));
      create(live, vmi(ns, ns + "-db", ""));
      runningOn(live, ns + "-db", "node-1");
      kv.holdMigrations();
      live.apply(migration(ns, "to-3", ns + "-db", "node-3"));
      GenericKubernetesResource during =
          Await.IN_PROCESS.until(
              "the guest paused for the copy",
              () -> get(live, "vmi", ns + "-db"),
              v -> condition(v, "Paused") != null);
      assertThat(condition(during, "Paused"))
          .containsEntry("status", "True")
          .containsEntry("reason", KubeVirtNames.PAUSED_BY_MIGRATION_MONITOR);
      assertThat(at(during, "status", "migrationState", "mode")).isEqualTo("Paused");
      assertThat(at(during, "status", "migrationState", "migrationPolicyName")).isEqualTo(policy);
      assertThat(kv.runningOn(ns, ns + "-db")).containsExactly("node-1");

      kv.releaseMigrations();
      GenericKubernetesResource after = runningOn(live, ns + "-db", "node-3");
      Await.IN_PROCESS.until(
          "Paused removed",
          () -> get(live, "vmi", ns + "-db"),
          v -> condition(v, "Paused") == null);
      assertThat(at(after, "status", "migrationState", "completed")).isEqualTo(true);
    } finally {
      policies.withName(policy).delete();
    }
  }

  @Test
  void aStartByHandAndAStrayLauncherAreSeenWhereTheyRun(LiveCluster live) {
    String ns = live.namespace();
    try (SimulatedKubeVirt kv = SimulatedKubeVirt.start(live.client())) {
      live.apply(
          """
          apiVersion: kubevirt.io/v1
          kind: VirtualMachine
          metadata: {name: web, namespace: %s}
          spec:
            runStrategy: Manual
            template:
              metadata:
                labels: {app: web}
              spec:
                domain: {devices: {}}
          """
              .formatted(ns));
      Await.IN_PROCESS.until(
          "web Stopped",
          () -> get(live, "vm", "web"),
          vm -> "Stopped".equals(at(vm, "status", "printableStatus")));
      kv.startByHand(ns, "web", "node-3");
      GenericKubernetesResource v = runningOn(live, "web", "node-3");
      assertThat(v.getMetadata().getLabels()).containsEntry("app", "web");
      assertThat(v.getMetadata().getOwnerReferences().get(0).getKind()).isEqualTo("VirtualMachine");
      Await.IN_PROCESS.until(
          "web Running and ready",
          () -> get(live, "vm", "web"),
          vm ->
              "Running".equals(at(vm, "status", "printableStatus"))
                  && Boolean.TRUE.equals(at(vm, "status", "ready")));

      RunningHistory history = kv.watchRunning(ns, "web");
      kv.strayLauncher(ns, "web", "node-1");
      Await.IN_PROCESS.until(
          "web running on two nodes",
          () -> kv.runningOn(ns, "web"),
          Set.of("node-1", "node-3")::equals);
      Await.IN_PROCESS.until(
          "the watch sees both", history::current, Set.of("node-1", "node-3")::equals);
      assertThat(history.mostNodesAtOnce()).isEqualTo(2);
      assertThat(at(get(live, "vmi", "web"), "status", "nodeName")).isEqualTo("node-3");
    }
  }
}
