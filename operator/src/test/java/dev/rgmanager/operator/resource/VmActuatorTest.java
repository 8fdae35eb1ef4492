package dev.rgmanager.operator.resource;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rgmanager.api.v1alpha1.ClusterService;
import dev.rgmanager.api.v1alpha1.MigrationMode;
import dev.rgmanager.api.v1alpha1.ServiceResource;
import dev.rgmanager.api.v1alpha1.Transition;
import dev.rgmanager.api.v1alpha1.TransitionAction;
import dev.rgmanager.api.v1alpha1.VmResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The VM actuator and its migrations over KubeVirt's objects in memory: what it creates, what it
 * reads as health, where it sees the VM running, what it removes after a fence, and that KubeVirt's
 * word that a migration succeeded is checked against where the instance runs.
 */
class VmActuatorTest {
  private final InMemoryVms vms = new InMemoryVms();
  private final java.util.List<String> guards = new java.util.ArrayList<>();
  private final VmActuator actuator =
      new VmActuator(vms, s -> guards.add(s.getMetadata().getName()));
  private final VmMigrations migrations = new VmMigrations(vms);

  private static ClusterService service() {
    ClusterService svc = new ClusterService();
    svc.setApiVersion("rgmanager.dev/v1alpha1");
    svc.setKind("ClusterService");
    svc.setMetadata(
        new ObjectMetaBuilder().withName("guest").withNamespace("ha").withUid("u1").build());
    return svc;
  }

  private static TreeEntry entry(MigrationMode mode) {
    return new TreeEntry(
        new ServiceResource("guest", null, null, null, new VmResource("guest"), mode, null),
        List.of());
  }

  private void machine(String runStrategy) {
    vms.machines.put(
        "ha/guest",
        InMemoryVms.yaml(
            """
            apiVersion: kubevirt.io/v1
            kind: VirtualMachine
            metadata: {name: guest, namespace: ha}
            spec:
              runStrategy: STRATEGY
              template:
                metadata:
                  labels: {app: guest}
                spec:
                  nodeSelector: {disk: ssd}
                  domain: {devices: {}}
            """
                .replace("STRATEGY", runStrategy)));
  }

  private void instance(String phase, String node, String migrationState) {
    vms.instances.put(
        "ha/guest",
        InMemoryVms.yaml(
            """
            apiVersion: kubevirt.io/v1
            kind: VirtualMachineInstance
            metadata: {name: guest, namespace: ha}
            status:
              phase: PHASE
              nodeName: NODE
              conditions: [{type: Ready, status: "True"}]
            """
                    .replace("PHASE", phase)
                    .replace("NODE", node)
                + migrationState));
  }

  private static Pod launcher(String name, String node, String phase) {
    return new PodBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace("ha")
        .addNewOwnerReference()
        .withKind("VirtualMachineInstance")
        .withName("guest")
        .endOwnerReference()
        .endMetadata()
        .withNewSpec()
        .withNodeName(node)
        .endSpec()
        .withNewStatus()
        .withPhase(phase)
        .endStatus()
        .build();
  }

  @Test
  void startCopiesTheTemplateAndBindsTheInstanceToTheOwnerByItsOwnLabel() {
    machine("Manual");
    actuator.start(service(), entry(MigrationMode.PAUSE), "node-2");
    GenericKubernetesResource vmi = vms.instances.get("ha/guest");
    assertThat(guards)
        .as("its eviction guard, so that a drain waits for the migration")
        .containsExactly("guest");
    String key = VmActuator.bindingKey(service(), entry(null));
    assertThat(key).startsWith("vm.rgmanager.dev/ha-guest-");
    assertThat(vms.boundNodes.get(key)).containsExactly("node-2");
    assertThat(vms.writes)
        .containsExactly("bind node-2 alone", "create VirtualMachineInstance ha/guest");
    assertThat(vmi.<Map<String, String>>get("spec", "nodeSelector"))
        .containsEntry("disk", "ssd")
        .containsEntry(key, "true")
        .doesNotContainKey("kubernetes.io/hostname");
    assertThat(vmi.getMetadata().getLabels())
        .containsEntry("app", "guest")
        .containsEntry(Labels.SERVICE, "guest")
        .containsEntry(KubeVirt.PAUSE_LABEL, "pause");
    assertThat(vmi.getMetadata().getOwnerReferences())
        .singleElement()
        .satisfies(o -> assertThat(o.getKind()).isEqualTo("ClusterService"));
  }

  @Test
  void aVirtualMachineThatKubeVirtWouldStartByItselfIsNeverStarted() {
    machine("Always");
    actuator.start(service(), entry(null), "node-1");
    assertThat(vms.writes).isEmpty();
    Observation o = actuator.observe(service(), entry(null), "node-1");
    assertThat(o.health()).isEqualTo(ResourceHealth.FAILED);
    assertThat(o.message())
        .isEqualTo(
            "VirtualMachine guest has runStrategy Always, so KubeVirt would start it by itself: set"
                + " spec.runStrategy to Manual (or Halted) so that only the cluster starts it");
  }

  @Test
  void withoutKubeVirtsApiEveryVmResourceSaysSoAndNothingIsWritten() {
    VmActuator absent = new VmActuator(KubeVirtCache.absent(), s -> {});
    absent.start(service(), entry(null), "node-1");
    Observation o = absent.observe(service(), entry(null), "node-1");
    assertThat(o.health()).isEqualTo(ResourceHealth.FAILED);
    assertThat(o.message())
        .isEqualTo(
            "KubeVirt's API (kubevirt.io/v1 VirtualMachineInstance) is not served by this cluster:"
                + " install KubeVirt, then restart the operator");
    assertThat(absent.stopped(service(), entry(null))).isTrue();
    assertThat(absent.seenOn(service(), entry(null))).isEmpty();
    assertThat(VmTemplates.problem(KubeVirtCache.absent(), "ha", "guest")).isEqualTo(o.message());
  }

  @Test
  void theInstancesPhaseAndNodeAreTheResourcesHealth() {
    machine("Manual");
    assertThat(actuator.observe(service(), entry(null), "node-1").health())
        .isEqualTo(ResourceHealth.STOPPED);
    instance("Scheduling", "null", "");
    assertThat(actuator.observe(service(), entry(null), "node-1").health())
        .isEqualTo(ResourceHealth.STARTING);
    instance("Running", "node-1", "");
    assertThat(actuator.observe(service(), entry(null), "node-1").health())
        .isEqualTo(ResourceHealth.STARTED);
    assertThat(actuator.observe(service(), entry(null), "node-2"))
        .as("left on another node: nothing starts here while it is there")
        .isEqualTo(
            new Observation(
                ResourceHealth.STOPPING,
                "VirtualMachineInstance guest is still on node-1 (running), not on node-2"));
    instance("Failed", "node-1", "");
    assertThat(actuator.observe(service(), entry(null), "node-1").health())
        .isEqualTo(ResourceHealth.FAILED);
  }

  @Test
  void theVmIsSeenWhereItsGuestRunsButNotOnAMigrationTargetBeforeTheHandOver() {
    instance(
        "Running",
        "node-1",
        "  migrationState: {sourceNode: node-1, targetNode: node-2, targetPod: target}\n");
    vms.launchers.add(launcher("source", "node-1", "Running"));
    vms.launchers.add(launcher("target", "node-2", "Running"));
    assertThat(actuator.seenOn(service(), entry(null))).containsExactly("node-1");
    vms.launchers.add(launcher("stray", "node-3", "Running"));
    assertThat(actuator.seenOn(service(), entry(null))).containsExactly("node-1", "node-3");
  }

  @Test
  void theSourceOfACompletedMigrationIsNotASecondCopyWhileItsLauncherExits() {
    instance(
        "Running",
        "node-2",
        "  migrationState: {sourceNode: node-1, targetNode: node-2, completed: true}\n");
    vms.launchers.add(launcher("source", "node-1", "Running"));
    vms.launchers.add(launcher("target", "node-2", "Running"));
    assertThat(actuator.seenOn(service(), entry(null))).containsExactly("node-2");
  }

  @Test
  void aMigrationKubeVirtRefusesToCreateFailsWithItsWordsInsteadOfRetryingForever() {
    instance("Running", "node-1", "");
    vms.refuseNextCreate =
        new io.fabric8.kubernetes.client.KubernetesClientException(
            new io.fabric8.kubernetes.api.model.StatusBuilder()
                .withCode(422)
                .withMessage("VMI is not live migratable")
                .build());
    migrations.drive(service(), entry(null), migrateTo("node-2")).step().run();
    VmMigrations.Progress p = migrations.drive(service(), entry(null), migrateTo("node-2"));
    assertThat(p.kind()).isEqualTo(VmMigrations.Progress.Kind.FAILED);
    assertThat(p.message())
        .isEqualTo("KubeVirt refused the migration to node-2: VMI is not live migratable");
  }

  @Test
  void afterAFenceTheInstanceAndItsLaunchersThereAreRemovedOnce() {
    instance("Running", "node-1", "");
    vms.launchers.add(launcher("source", "node-1", "Running"));
    actuator.forgetFenced(service(), entry(null), Set.of("node-1"));
    actuator.forgetFenced(service(), entry(null), Set.of("node-1"));
    assertThat(vms.writes)
        .containsExactly(
            "delete VirtualMachineInstance guest",
            "delete pod source grace 0",
            "delete VirtualMachineInstance guest");
  }

  private static Transition migrateTo(String node) {
    return new Transition(
        TransitionAction.MIGRATE, node, null, null, "why", "2026-12-02T10:00:00Z");
  }

  @Test
  void aMigrationLabelsTheTargetThenAsksKubeVirtNarrowedToThatNode() {
    instance("Running", "node-1", "");
    VmMigrations.Progress p = migrations.drive(service(), entry(null), migrateTo("node-3"));
    assertThat(p.kind()).isEqualTo(VmMigrations.Progress.Kind.IN_PROGRESS);
    assertThat(vms.writes).as("nothing before the step is taken").isEmpty();
    p.step().run();
    assertThat(vms.writes.get(0)).isEqualTo("bind node-3");
    GenericKubernetesResource m = vms.migrations.values().iterator().next();
    assertThat(m.<String>get("spec", "vmiName")).isEqualTo("guest");
    assertThat(m.<Map<String, String>>get("spec", "addedNodeSelector"))
        .isEqualTo(Map.of("kubernetes.io/hostname", "node-3"));
    assertThat(m.getMetadata().getName())
        .as("named after the recorded transition: the same for the next leader")
        .isEqualTo(VmMigrations.name(service(), migrateTo("node-3")));
  }

  @Test
  void kubeVirtsWordThatAMigrationSucceededIsCheckedAgainstWhereTheInstanceRuns() {
    instance("Running", "node-1", "");
    vms.bind(VmActuator.bindingKey(service(), entry(null)), "node-1", true); // as its start did
    migrations.drive(service(), entry(null), migrateTo("node-3")).step().run();
    GenericKubernetesResource m = vms.migrations.values().iterator().next();
    m.setAdditionalProperty("status", Map.of("phase", "Succeeded"));
    VmMigrations.Progress lied = migrations.drive(service(), entry(null), migrateTo("node-3"));
    assertThat(lied.kind())
        .as("succeeded, says KubeVirt, but the instance is still on node-1")
        .isEqualTo(VmMigrations.Progress.Kind.IN_PROGRESS);
    assertThat(lied.message()).contains("it is on node-1");
    instance("Running", "node-3", "  migrationState: {completed: true, targetNode: node-3}\n");
    VmMigrations.Progress done = migrations.drive(service(), entry(null), migrateTo("node-3"));
    assertThat(done.kind()).isEqualTo(VmMigrations.Progress.Kind.MIGRATED);
    String key = VmActuator.bindingKey(service(), entry(null));
    assertThat(vms.boundNodes.get(key)).as("source and target while migrating").hasSize(2);
    done.step().run();
    assertThat(vms.boundNodes.get(key)).as("the target alone, once done").containsExactly("node-3");
  }

  @Test
  void aFailedMigrationSaysWhatKubeVirtSaid() {
    instance("Running", "node-1", "");
    migrations.drive(service(), entry(null), migrateTo("node-2")).step().run();
    vms.migrations
        .values()
        .iterator()
        .next()
        .setAdditionalProperty(
            "status",
            Map.of(
                "phase",
                "Failed",
                "conditions",
                List.of(Map.of("type", "Failed", "message", "target pod unschedulable"))));
    VmMigrations.Progress p = migrations.drive(service(), entry(null), migrateTo("node-2"));
    assertThat(p.kind()).isEqualTo(VmMigrations.Progress.Kind.FAILED);
    assertThat(p.message())
        .isEqualTo("KubeVirt reports the migration to node-2 failed: target pod unschedulable");
  }
}
