package dev.rgmanager.operator.testing;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Pod;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;

/**
 * A VirtualMachineInstanceMigration as virt-controller's migration controller and the two
 * virt-handlers carry it out (pkg/virt-controller/watch/migration/migration.go), without a guest to
 * copy: refused (Failed, with a condition saying why) when the VMI is missing, not Running or
 * already migrating; else a target launcher pod whose nodeSelector is the VMI's plus
 * addedNodeSelector (the VMI's value kept on a collision), bound off the source node, the migration
 * failed if that pod stays unbound past the pending timeout; Scheduled, PreparingTarget,
 * TargetReady, Running, the VMI's migrationState kept; after the copy time the handover (the
 * source's guest stopped, the target's started, the source pod deleted) and Succeeded. A VMI whose
 * MigrationPolicy allows workload disruption but not post-copy is paused for the copy. Called on
 * the simulation's one thread only.
 */
final class SimulatedMigrations {
  /** The condition type a failed migration carries here (KubeVirt itself reports by Events). */
  static final String FAILED = "Failed";

  /** What the simulation knows of a migration it carries out. */
  private static final class Run {
    final String uid;
    final String vmiUid;
    final String sourceNode;
    final Instant created = Instant.now();
    String targetPod;
    String targetPodUid;
    boolean targetSeen;
    String targetNode;
    Instant copyStarted;
    boolean paused;

    Run(String uid, String vmiUid, String sourceNode) {
      this.uid = uid;
      this.vmiUid = vmiUid;
      this.sourceNode = sourceNode;
    }
  }

  private final SimulatedKubeVirt.Caches caches;
  private final LauncherPods pods;
  private final KubeVirtEdits edits;
  private final GuestProcesses processes;
  private final SimulatedVmis vmis;
  private final SimulatedKubeVirt.Knobs knobs;
  private final BiConsumer<String, Duration> recheck;
  private final Map<String, Run> runs = new ConcurrentHashMap<>();

  SimulatedMigrations(
      SimulatedKubeVirt.Caches caches,
      LauncherPods pods,
      KubeVirtEdits edits,
      GuestProcesses processes,
      SimulatedVmis vmis,
      SimulatedKubeVirt.Knobs knobs,
      BiConsumer<String, Duration> recheck) {
    this.caches = caches;
    this.pods = pods;
    this.edits = edits;
    this.processes = processes;
    this.vmis = vmis;
    this.knobs = knobs;
    this.recheck = recheck;
  }

  void reconcile(String namespace, String name) {
    String key = namespace + "/" + name;
    GenericKubernetesResource m = caches.migration(namespace, name);
    if (m == null) {
      runs.remove(key);
      return;
    }
    Run run = runs.get(key);
    if (run != null && !run.uid.equals(m.getMetadata().getUid())) {
      runs.remove(key);
      run = null;
    }
    String phase = Unstructured.string(m, "status", "phase");
    if ("Succeeded".equals(phase) || "Failed".equals(phase)) {
      return;
    }
    String vmiName = Unstructured.string(m, "spec", "vmiName");
    GenericKubernetesResource vmi = vmiName == null ? null : caches.vmi(namespace, vmiName);
    if (run == null) {
      start(m, vmi);
      return;
    }
    if (vmi == null || !run.vmiUid.equals(vmi.getMetadata().getUid())) {
      fail(m, run, null, "VMIGone", "Migration failed because vmi does not exist.");
      return;
    }
    if (!"Running".equals(Unstructured.string(vmi, "status", "phase"))) {
      fail(m, run, vmi, "VMIShutdown", "Migration failed vmi shutdown during migration.");
      return;
    }
    Pod target = caches.pod(namespace, run.targetPod);
    if (target == null) {
      if (run.targetSeen) {
        fail(
            m,
            run,
            vmi,
            "TargetPodGone",
            "Migration target pod was removed during active migration.");
      }
      return;
    }
    run.targetSeen = true;
    if (LauncherPods.ended(target) || target.getMetadata().getDeletionTimestamp() != null) {
      fail(
          m,
          run,
          vmi,
          "TargetPodDown",
          "Migration failed because target pod shutdown during migration");
      return;
    }
    if (target.getSpec().getNodeName() == null) {
      schedule(m, run, vmi, target);
      return;
    }
    if (!LauncherPods.runningAndReady(target)) {
      return;
    }
    if (run.copyStarted == null) {
      startCopy(m, run, vmi);
    }
    if (knobs.held()) {
      return;
    }
    Duration left = Duration.between(Instant.now(), run.copyStarted.plus(knobs.copyTime()));
    if (!left.isNegative() && !left.isZero()) {
      recheck.accept(key, left);
      return;
    }
    Optional<String> injected = knobs.takeFailure(namespace, vmiName);
    if (injected.isPresent()) {
      fail(m, run, vmi, "MigrationFailed", injected.get());
      return;
    }
    complete(m, run, vmi, target);
  }

  /** Whether a migration of VMI {@code vmiUid} is under way. */
  boolean migrating(String vmiUid) {
    return runs.values().stream().anyMatch(r -> r.vmiUid.equals(vmiUid));
  }

  private void start(GenericKubernetesResource m, GenericKubernetesResource vmi) {
    String namespace = m.getMetadata().getNamespace();
    String name = m.getMetadata().getName();
    if (vmi == null) {
      refuse(m, "VMINotFound", "Migration failed because vmi does not exist.");
      return;
    }
    if (!"Running".equals(Unstructured.string(vmi, "status", "phase"))) {
      refuse(
          m,
          "VMINotRunning",
          "Cannot migrate VMI in phase "
              + Unstructured.string(vmi, "status", "phase")
              + ": it is not Running.");
      return;
    }
    Map<String, Object> state = Unstructured.map(vmi, "status", "migrationState");
    boolean unfinished =
        !state.isEmpty()
            && !Boolean.TRUE.equals(state.get("completed"))
            && !Boolean.TRUE.equals(state.get("failed"));
    if (unfinished || migrating(vmi.getMetadata().getUid())) {
      refuse(
          m,
          "MigrationInProgress",
          "VMI is not eligible for migration because another migration job is in progress.");
      return;
    }
    Run run =
        new Run(
            m.getMetadata().getUid(),
            vmi.getMetadata().getUid(),
            Unstructured.string(vmi, "status", "nodeName"));
    runs.put(namespace + "/" + name, run);
    Map<String, String> selector =
        new LinkedHashMap<>(Unstructured.strings(m, "spec", "addedNodeSelector"));
    selector.putAll(Unstructured.strings(vmi, "spec", "nodeSelector"));
    Pod target =
        pods.create(
            vmi,
            selector,
            Map.of(KubeVirtNames.MIGRATION_JOB_LABEL, run.uid),
            Map.of(KubeVirtNames.MIGRATION_JOB_NAME_ANNOTATION, name));
    run.targetPod = target.getMetadata().getName();
    run.targetPodUid = target.getMetadata().getUid();
    String sourcePod = vmis.launcherPod(namespace, vmi.getMetadata().getName()).orElse(null);
    migrationState(
        vmi,
        s -> {
          s.clear();
          s.put("sourceNode", run.sourceNode);
          if (sourcePod != null) {
            s.put("sourcePod", sourcePod);
          }
          s.put("targetPod", run.targetPod);
          s.put("migrationUid", run.uid);
        });
    status(
        m,
        s -> {
          Unstructured.phase(s, "Pending");
          Unstructured.phase(s, "Scheduling");
        });
    recheck.accept(namespace + "/" + name, knobs.pendingTargetTimeout());
  }

  private void schedule(
      GenericKubernetesResource m, Run run, GenericKubernetesResource vmi, Pod target) {
    NodeBinding.Choice choice =
        NodeBinding.choose(
            target.getSpec().getNodeSelector() == null
                ? Map.of()
                : target.getSpec().getNodeSelector(),
            NodeBinding.required(target.getSpec()),
            Unstructured.maps(vmi, "spec", "tolerations"),
            run.sourceNode,
            caches.nodes());
    if (choice.node().isEmpty()) {
      if (Instant.now().isAfter(run.created.plus(knobs.pendingTargetTimeout()))) {
        fail(
            m,
            run,
            vmi,
            "MigrationTargetPodUnschedulable",
            "Migration target pod for VMI ["
                + vmi.getMetadata().getNamespace()
                + "/"
                + vmi.getMetadata().getName()
                + "] is unschedulable: "
                + choice.why());
      } else {
        pods.unschedulable(target, choice.why());
      }
      return;
    }
    pods.bind(target, choice.node().get());
    run.targetNode = choice.node().get();
    migrationState(vmi, s -> s.put("targetNode", run.targetNode));
    status(m, s -> Unstructured.phase(s, "Scheduled"));
  }

  private void startCopy(GenericKubernetesResource m, Run run, GenericKubernetesResource vmi) {
    run.targetNode =
        run.targetNode != null
            ? run.targetNode
            : caches.pod(m.getMetadata().getNamespace(), run.targetPod).getSpec().getNodeName();
    Optional<GenericKubernetesResource> policy =
        MigrationPolicies.applying(
            caches.migrationPolicies(),
            vmi.getMetadata().getLabels() == null ? Map.of() : vmi.getMetadata().getLabels(),
            caches.namespaceLabels(vmi.getMetadata().getNamespace()));
    run.paused = policy.map(MigrationPolicies::pauses).orElse(false);
    run.copyStarted = Instant.now();
    String started = Unstructured.now();
    edits.vmi(
        vmi.getMetadata().getNamespace(),
        vmi.getMetadata().getName(),
        v -> {
          Map<String, Object> st = Unstructured.mutable(v, "status");
          Map<String, Object> s = Unstructured.mutable(v, "status", "migrationState");
          s.put("targetNode", run.targetNode);
          s.put("targetNodeDomainDetected", true);
          s.put("startTimestamp", started);
          s.put("mode", run.paused ? KubeVirtNames.MODE_PAUSED : KubeVirtNames.MODE_PRE_COPY);
          policy.ifPresent(p -> s.put("migrationPolicyName", p.getMetadata().getName()));
          if (run.paused) {
            Unstructured.condition(
                st,
                KubeVirtNames.PAUSED,
                "True",
                KubeVirtNames.PAUSED_BY_MIGRATION_MONITOR,
                "VMI was paused by the migration monitor");
          }
        });
    status(
        m,
        s -> {
          Unstructured.phase(s, "PreparingTarget");
          Unstructured.phase(s, "TargetReady");
          Unstructured.phase(s, "Running");
        });
    copyState(m, vmi);
  }

  private void complete(
      GenericKubernetesResource m, Run run, GenericKubernetesResource vmi, Pod target) {
    String namespace = vmi.getMetadata().getNamespace();
    String vmiName = vmi.getMetadata().getName();
    Optional<String> sourceUid = vmis.launcherPodUid(namespace, vmiName);
    Optional<String> sourceName = vmis.launcherPod(namespace, vmiName);
    // The guest leaves the source before it is seen on the target, and before its pod goes.
    sourceUid.ifPresent(processes::stop);
    processes.handOver(target.getMetadata().getUid());
    vmis.handOver(namespace, vmiName, run.vmiUid, target);
    processes.changed(namespace, caches.pods(namespace));
    sourceName.map(n -> caches.pod(namespace, n)).ifPresent(pods::delete);
    String ended = Unstructured.now();
    Map<String, String> active = Map.of(target.getMetadata().getUid(), run.targetNode);
    edits.vmi(
        namespace,
        vmiName,
        v -> {
          if (v.getMetadata().getLabels() != null) {
            v.getMetadata().getLabels().put(KubeVirtNames.NODE_NAME_LABEL, run.targetNode);
          }
          Map<String, Object> st = Unstructured.mutable(v, "status");
          st.put("nodeName", run.targetNode);
          st.put("activePods", active);
          Map<String, Object> s = Unstructured.mutable(v, "status", "migrationState");
          s.put("completed", true);
          s.put("endTimestamp", ended);
          Unstructured.removeCondition(st, KubeVirtNames.PAUSED);
        });
    status(m, s -> Unstructured.phase(s, "Succeeded"));
    copyState(m, vmi);
    runs.remove(namespace + "/" + m.getMetadata().getName());
  }

  private void fail(
      GenericKubernetesResource m,
      Run run,
      GenericKubernetesResource vmi,
      String reason,
      String message) {
    String namespace = m.getMetadata().getNamespace();
    if (run.targetPodUid != null) {
      processes.stop(run.targetPodUid);
    }
    Pod target = run.targetPod == null ? null : caches.pod(namespace, run.targetPod);
    if (target != null && target.getMetadata().getDeletionTimestamp() == null) {
      pods.delete(target);
    }
    if (vmi != null) {
      String ended = Unstructured.now();
      edits.vmi(
          namespace,
          vmi.getMetadata().getName(),
          v -> {
            Map<String, Object> s = Unstructured.mutable(v, "status", "migrationState");
            if (run.uid.equals(s.get("migrationUid"))) {
              s.put("failed", true);
              s.put("failureReason", message);
              s.put("endTimestamp", ended);
            }
            if (run.paused) {
              Unstructured.removeCondition(Unstructured.mutable(v, "status"), KubeVirtNames.PAUSED);
            }
          });
    }
    status(
        m,
        s -> {
          Unstructured.phase(s, "Failed");
          Unstructured.condition(s, FAILED, "True", reason, message);
        });
    if (vmi != null) {
      copyState(m, vmi);
    }
    runs.remove(namespace + "/" + m.getMetadata().getName());
  }

  private void refuse(GenericKubernetesResource m, String reason, String message) {
    status(
        m,
        s -> {
          Unstructured.phase(s, "Failed");
          Unstructured.condition(s, FAILED, "True", reason, message);
        });
  }

  /** The VMI's migrationState, as the migration's status shows it too. */
  private void copyState(GenericKubernetesResource m, GenericKubernetesResource vmi) {
    GenericKubernetesResource fresh = caches.fresh(vmi);
    if (fresh == null) {
      return;
    }
    Map<String, Object> state =
        new LinkedHashMap<>(Unstructured.map(fresh, "status", "migrationState"));
    status(m, s -> s.put("migrationState", state));
  }

  private void migrationState(
      GenericKubernetesResource vmi, java.util.function.Consumer<Map<String, Object>> change) {
    edits.vmi(
        vmi.getMetadata().getNamespace(),
        vmi.getMetadata().getName(),
        v -> change.accept(Unstructured.mutable(v, "status", "migrationState")));
  }

  private void status(
      GenericKubernetesResource m, java.util.function.Consumer<Map<String, Object>> change) {
    edits.migrationStatus(
        m.getMetadata().getNamespace(),
        m.getMetadata().getName(),
        x -> change.accept(Unstructured.mutable(x, "status")));
  }
}
