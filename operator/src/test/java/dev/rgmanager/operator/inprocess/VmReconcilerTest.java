package dev.rgmanager.operator.inprocess;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rgmanager.api.v1alpha1.ClusterService;
import dev.rgmanager.api.v1alpha1.MemberState;
import dev.rgmanager.operator.testing.Await;
import dev.rgmanager.operator.testing.KubeVirtCrds;
import dev.rgmanager.operator.testing.Manifests;
import dev.rgmanager.operator.testing.RunningHistory;
import dev.rgmanager.operator.testing.SimulatedKubeVirt;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * VM services on KubeVirt's API, KubeVirt's controllers played by {@link SimulatedKubeVirt}: start
 * and stop, a guest that crashes and its recovery policy, live and pause migration to a chosen
 * node, failback by migration, a failed migration, a VM started by hand (adopted, never started
 * twice), one found running twice (said loudly), and a failover from a fenced node. Where a guest
 * runs is read from its launcher pods (the stand-in's process view), not from the ClusterService.
 */
@ReconcilerTest
class VmReconcilerTest {
  private SimulatedKubeVirt kubevirt;

  private static final String MANIFESTS =
      Manifests.IN_PROCESS.cluster(true) + Manifests.IN_PROCESS.orderedDomain("NS");

  /** The VirtualMachine {@code name} (runStrategy Manual) and a ClusterService running it. */
  private static String vm(String ns, String name, String... extraSpec) {
    return Manifests.virtualMachine(ns, name, "Manual")
        + "apiVersion: rgmanager.dev/v1alpha1\nkind: ClusterService\nmetadata:\n  name: "
        + name
        + "\n  namespace: "
        + ns
        + "\nspec:\n  domain: abc\n  statusInterval: 2s\n"
        + String.join("", List.of(extraSpec).stream().map(l -> "  " + l + "\n").toList())
        + "  resources:\n    - name: guest\n      vm:\n        name: "
        + name
        + "\n"
        + (List.of(extraSpec).contains("# pause") ? "      migrate: pause\n" : "")
        + "---\n";
  }

  private SimulatedKubeVirt kubevirt(LiveCluster live) {
    kubevirt = live.kubevirt();
    return kubevirt;
  }

  private static List<GenericKubernetesResource> instances(LiveCluster live) {
    return live.client()
        .genericKubernetesResources(KubeVirtCrds.VIRTUAL_MACHINE_INSTANCE)
        .inNamespace(live.namespace())
        .list()
        .getItems();
  }

  private static List<GenericKubernetesResource> migrations(LiveCluster live) {
    return live.client()
        .genericKubernetesResources(KubeVirtCrds.MIGRATION)
        .inNamespace(live.namespace())
        .list()
        .getItems();
  }

  private static String state(LiveCluster live, String name) {
    ClusterService s = live.service(name);
    return s == null || s.getStatus() == null || s.getStatus().state() == null
        ? "none"
        : s.getStatus().state().name();
  }

  /** The service's Event reasons once they include {@code reasons} (Events follow the status). */
  private static List<String> events(LiveCluster live, String name, String... reasons) {
    return Await.IN_PROCESS.until(
        name + "'s Events " + List.of(reasons),
        () -> live.eventReasons("ClusterService", name),
        r -> r.containsAll(List.of(reasons)));
  }

  private RunningHistory started(LiveCluster live, String name, String node) {
    Await.IN_PROCESS.until(
        name + " started on " + node, () -> live.where(name), ("STARTED@" + node)::equals);
    Await.IN_PROCESS.until(
        "the guest of " + name + " running on " + node,
        () -> kubevirt.runningOn(live.namespace(), name),
        n -> n.equals(java.util.Set.of(node)));
    return kubevirt.watchRunning(live.namespace(), name);
  }

  @Test
  void aVmStartsOnItsDomainsBestNodeBoundThereAndStopsWhenDisabled(LiveCluster live) {
    kubevirt(live);
    live.apply(MANIFESTS + vm(live.namespace(), "guest"));
    started(live, "guest", "node-1");
    GenericKubernetesResource vmi = instances(live).get(0);
    assertThat(vmi.getMetadata().getName()).isEqualTo("guest");
    @SuppressWarnings("unchecked")
    Map<String, Object> selector =
        (Map<String, Object>) ((Map<String, Object>) vmi.get("spec")).get("nodeSelector");
    String key =
        selector.keySet().stream()
            .filter(k -> k.startsWith("vm.rgmanager.dev/"))
            .findFirst()
            .orElseThrow();
    assertThat(live.client().nodes().withName("node-1").get().getMetadata().getLabels())
        .containsEntry(key, "true");
    assertThat(live.client().nodes().withName("node-2").get().getMetadata().getLabels())
        .doesNotContainKey(key);

    live.apply(vm(live.namespace(), "guest", "state: disabled"));
    Await.IN_PROCESS.until("guest disabled", () -> state(live, "guest"), "DISABLED"::equals);
    assertThat(instances(live)).isEmpty();
    assertThat(kubevirt.runningOn(live.namespace(), "guest")).isEmpty();

    live.client()
        .resources(ClusterService.class)
        .inNamespace(live.namespace())
        .withName("guest")
        .delete();
    Await.IN_PROCESS.until(
        "no node carries the binding label once the service is gone",
        () -> boundNodes(live, key),
        List::isEmpty);
  }

  private static List<String> boundNodes(LiveCluster live, String key) {
    return live.client().nodes().list().getItems().stream()
        .filter(
            n ->
                n.getMetadata().getLabels() != null && n.getMetadata().getLabels().containsKey(key))
        .map(n -> n.getMetadata().getName())
        .toList();
  }

  @Test
  void aVirtualMachineKubeVirtWouldStartByItselfIsRefusedWithTheFix(LiveCluster live) {
    kubevirt(live);
    live.apply(
        MANIFESTS
            + vm(live.namespace(), "guest").replace("runStrategy: Manual", "runStrategy: Always"));
    Await.IN_PROCESS.until(
        "Valid=False naming the VirtualMachine and the fix",
        () -> live.condition("guest", "Valid"),
        c ->
            c != null
                && "False".equals(c.status())
                && "VirtualMachineUnusable".equals(c.reason())
                && c.message().startsWith("VirtualMachine guest has runStrategy Always")
                && c.message().contains("set spec.runStrategy to Manual"));
    Await.IN_PROCESS.until("guest stopped", () -> state(live, "guest"), "STOPPED"::equals);
    assertThat(live.service("guest").getStatus().message()).contains("runStrategy Always");
    assertThat(events(live, "guest", "InvalidSpec")).doesNotContain("ServiceStarting");

    assertThat(instances(live)).isEmpty();

    live.apply(Manifests.virtualMachine(live.namespace(), "guest", "Manual"));
    started(live, "guest", "node-1");
  }

  @Test
  void aCrashedGuestIsRestartedOrRelocatedAsItsRecoveryPolicySays(LiveCluster live) {
    kubevirt(live);
    live.apply(MANIFESTS + vm(live.namespace(), "guest", "recovery: relocate"));
    RunningHistory history = started(live, "guest", "node-1");
    kubevirt.crash(live.namespace(), "guest");
    started(live, "guest", "node-2");
    events(live, "guest", "StatusCheckFailed");
    assertThat(history.mostNodesAtOnce()).as(history.toString()).isLessThanOrEqualTo(1);
  }

  @Test
  void aLiveMigrationToANamedNodeKeepsTheServiceStartedAndTheGuestInOnePlace(LiveCluster live) {
    kubevirt(live);
    live.apply(MANIFESTS + vm(live.namespace(), "guest"));
    RunningHistory history = started(live, "guest", "node-1");
    kubevirt.holdMigrations();
    live.request("guest", "migrate", "node-3");
    Await.IN_PROCESS.until(
        "migrate to node-3 refused: outside the restricted domain",
        () -> live.service("guest").getStatus().lastOperation(),
        o -> o != null && "Refused".equals(o.result()));
    assertThat(live.service("guest").getStatus().lastOperation().message())
        .isEqualTo(
            "node-3 cannot run "
                + live.namespace()
                + "/guest: the restricted domain abc does not include node-3");
    live.request("guest", "migrate", "node-2");
    Await.IN_PROCESS.until("guest migrating", () -> state(live, "guest"), "MIGRATING"::equals);
    assertThat(live.service("guest").getStatus().owner())
        .as("the owner is the source")
        .isEqualTo("node-1");
    GenericKubernetesResource m =
        Await.IN_PROCESS
            .until("the migration object", () -> migrations(live), l -> !l.isEmpty())
            .get(0);
    assertThat(m.<String>get("spec", "vmiName")).isEqualTo("guest");
    assertThat(m.<Map<String, String>>get("spec", "addedNodeSelector"))
        .containsEntry("kubernetes.io/hostname", "node-2");
    kubevirt.releaseMigrations();
    started(live, "guest", "node-2");
    assertThat(events(live, "guest", "ServiceMigrating", "ServiceMigrated"))
        .doesNotContain("ServiceStopping");
    assertThat(history.mostNodesAtOnce()).as(history.toString()).isEqualTo(1);
    assertThat(history.nodesInOrder()).containsExactly("node-1", "node-2");
    String key =
        instances(live).get(0).<Map<String, String>>get("spec", "nodeSelector").keySet().stream()
            .filter(k -> k.startsWith("vm.rgmanager.dev/"))
            .findFirst()
            .orElseThrow();
    Await.IN_PROCESS.until(
        "the binding label on the target alone",
        () -> boundNodes(live, key),
        List.of("node-2")::equals);
  }

  @Test
  void aPauseMigrationGoesThroughThePausePolicy(LiveCluster live) {
    kubevirt(live);
    live.client()
        .genericKubernetesResources(KubeVirtCrds.MIGRATION_POLICY)
        .resource(
            live.client()
                .getKubernetesSerialization()
                .unmarshal(
                    """
                    apiVersion: migrations.kubevirt.io/v1alpha1
                    kind: MigrationPolicy
                    metadata:
                      name: rt-pause-POLICY
                    spec:
                      selectors:
                        virtualMachineInstanceSelector:
                          vm.rgmanager.dev/migrate: pause
                      allowPostCopy: false
                      allowWorkloadDisruption: true
                      completionTimeoutPerGiB: 1
                    """
                        .replace("POLICY", live.namespace()),
                    GenericKubernetesResource.class))
        .serverSideApply();
    live.apply(MANIFESTS + vm(live.namespace(), "guest", "# pause"));
    started(live, "guest", "node-1");
    assertThat(instances(live).get(0).getMetadata().getLabels())
        .containsEntry("vm.rgmanager.dev/migrate", "pause");
    live.request("guest", "migrate", "node-2");
    started(live, "guest", "node-2");
    live.client()
        .genericKubernetesResources(KubeVirtCrds.MIGRATION_POLICY)
        .withName("rt-pause-" + live.namespace())
        .delete();
  }

  @Test
  void aFailedMigrationLeavesTheVmWhereItWasAndSaysWhy(LiveCluster live) {
    kubevirt(live);
    live.apply(MANIFESTS + vm(live.namespace(), "guest"));
    RunningHistory history = started(live, "guest", "node-1");
    kubevirt.failNextMigration(live.namespace(), "guest", "the target could not map the disk");
    live.request("guest", "migrate", "node-2");
    Await.IN_PROCESS.until(
        "the MigrationFailed condition",
        () -> live.condition("guest", "MigrationFailed"),
        c -> c != null && "True".equals(c.status()));
    assertThat(live.where("guest")).isEqualTo("STARTED@node-1");
    assertThat(live.service("guest").getStatus().migrationFailedTo()).isEqualTo("node-2");
    assertThat(live.service("guest").getStatus().lastOperation().result()).isEqualTo("Failed");
    events(live, "guest", "MigrationFailed");
    assertThat(kubevirt.runningOn(live.namespace(), "guest")).containsExactly("node-1");
    assertThat(history.mostNodesAtOnce()).isEqualTo(1);
  }

  @Test
  void aVmOnAFencedNodeStartsOnTheNextNodeOnlyAfterTheFenceAndFailsBackByMigration(
      LiveCluster live) {
    kubevirt(live);
    live.apply(MANIFESTS + vm(live.namespace(), "guest"));
    RunningHistory history = started(live, "guest", "node-1");
    live.fencer().hold("node-1");
    live.failNode("node-1");
    Await.IN_PROCESS.until(
        "node-1 being fenced",
        () -> live.member("node-1"),
        m -> m != null && m.state() == MemberState.FENCING);
    Await.IN_PROCESS.holds(
        "the VM stays on node-1 alone while it is being fenced",
        Duration.ofSeconds(2),
        () ->
            instances(live).stream()
                .map(v -> String.valueOf(v.<String>get("status", "nodeName")))
                .toList(),
        nodes -> nodes.equals(List.of("node-1")));
    live.fencer().release("node-1");
    started(live, "guest", "node-2");
    assertThat(history.nodesInOrder()).containsExactly("node-1", "node-2");
    java.time.Instant off = live.fencer().fenced("node-1").get(0).at();
    assertThat(
            history.changes().stream()
                .filter(c -> c.nodes().contains("node-2"))
                .findFirst()
                .orElseThrow()
                .at())
        .as("the guest ran on node-2 only after node-1 was fenced")
        .isAfter(off);

    live.recoverNode("node-1");
    Await.IN_PROCESS.until(
        "a migration back to node-1",
        () -> migrations(live),
        l ->
            l.stream()
                .anyMatch(
                    m ->
                        "node-1"
                            .equals(
                                m.<String>get(
                                    "spec", "addedNodeSelector", "kubernetes.io/hostname"))));
    started(live, "guest", "node-1");
    List<String> reasons = events(live, "guest", "ServiceMigrating", "ServiceMigrated");
    assertThat(reasons).contains("ServiceMigrating", "ServiceMigrated");
    assertThat(reasons.subList(reasons.lastIndexOf("ServiceStarted"), reasons.size()))
        .as("failback is a migration, not a stop and a start")
        .doesNotContain("ServiceStopping");
  }

  @Test
  void aVmStartedByHandIsAdoptedWhereItRunsAndNeverStartedTwice(LiveCluster live) {
    kubevirt(live);
    live.apply(MANIFESTS + vm(live.namespace(), "guest", "state: disabled"));
    Await.IN_PROCESS.until("guest disabled", () -> state(live, "guest"), "DISABLED"::equals);
    kubevirt.startByHand(live.namespace(), "guest", "node-3");
    Await.IN_PROCESS.until(
        "the guest running on node-3",
        () -> kubevirt.runningOn(live.namespace(), "guest"),
        n -> n.equals(java.util.Set.of("node-3")));
    RunningHistory history = kubevirt.watchRunning(live.namespace(), "guest");
    live.apply(vm(live.namespace(), "guest"));
    Await.IN_PROCESS.until(
        "guest adopted on node-3", () -> live.where("guest"), "STARTED@node-3"::equals);
    events(live, "guest", "ServiceAdopted");
    Await.IN_PROCESS.holds(
        "one instance, on node-3",
        Duration.ofSeconds(2),
        () -> kubevirt.runningOn(live.namespace(), "guest"),
        n -> n.equals(java.util.Set.of("node-3")));
    assertThat(instances(live)).hasSize(1);
    assertThat(history.mostNodesAtOnce()).isEqualTo(1);
  }

  @Test
  void aVmFoundRunningTwiceIsReportedAndLeftAlone(LiveCluster live) {
    kubevirt(live);
    live.apply(MANIFESTS + vm(live.namespace(), "guest"));
    started(live, "guest", "node-1");
    kubevirt.strayLauncher(live.namespace(), "guest", "node-3");
    Await.IN_PROCESS.until(
        "the RunningInTwoPlaces condition",
        () -> live.condition("guest", "RunningInTwoPlaces"),
        c -> c != null && "True".equals(c.status()) && c.message().contains("node-1 and node-3"));
    Await.IN_PROCESS.until(
        "a Warning Event says it too",
        () -> live.eventReasons("ClusterService", "guest"),
        r -> r.contains("RunningInTwoPlaces"));
    assertThat(live.where("guest")).isEqualTo("STARTED@node-1");
  }

  @Test
  void aDrainOfTheVmsNodeWaitsWhileTheVmMigratesAwayAndThenCompletes(LiveCluster live)
      throws Exception {
    kubevirt(live);
    live.apply(MANIFESTS + vm(live.namespace(), "guest"));
    RunningHistory history = started(live, "guest", "node-1");
    LiveCluster.Drain drain = live.drain("node-1", "rgmanager.dev/service=guest");
    assertThat(drain.process().waitFor(60, java.util.concurrent.TimeUnit.SECONDS))
        .as("the drain of node-1 completes")
        .isTrue();
    assertThat(drain.process().exitValue()).as(drain.output()).isZero();
    assertThat(drain.output()).contains("node/node-1 drained");
    started(live, "guest", "node-2");
    assertThat(events(live, "guest", "ServiceMigrating", "ServiceMigrated"))
        .as("moved off the member in standby by migration, not evicted and restarted")
        .doesNotContain("ServiceStopping", "StatusCheckFailed");
    assertThat(history.mostNodesAtOnce()).as(history.toString()).isEqualTo(1);
  }
}
