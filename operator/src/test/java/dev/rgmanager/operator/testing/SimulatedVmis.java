package dev.rgmanager.operator.testing;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A VMI's life as virt-controller and virt-handler lead it: KubeVirt's finalizer, Pending, a
 * launcher pod (Scheduling) bound to a node, Scheduled and Running with Ready and LiveMigratable
 * once kwok runs the pod; Failed, Ready=False, when that pod fails or goes; on deletion its
 * launcher pods deleted (normally, never forced) and the finalizer removed once none is left.
 * Called on the simulation's one thread only.
 */
final class SimulatedVmis {
  /** The launcher pod that runs a VMI's guest (the migration target's after a handover). */
  private record Launch(String vmiUid, String pod, String podUid, boolean seen) {}

  private final SimulatedKubeVirt.Caches caches;
  private final LauncherPods pods;
  private final KubeVirtEdits edits;
  private final GuestProcesses processes;
  private final Map<String, Launch> launches = new ConcurrentHashMap<>();

  SimulatedVmis(
      SimulatedKubeVirt.Caches caches,
      LauncherPods pods,
      KubeVirtEdits edits,
      GuestProcesses processes) {
    this.caches = caches;
    this.pods = pods;
    this.edits = edits;
    this.processes = processes;
  }

  void reconcile(String namespace, String name) {
    String key = namespace + "/" + name;
    GenericKubernetesResource vmi = caches.vmi(namespace, name);
    if (vmi == null) {
      launches.remove(key);
      return;
    }
    String uid = vmi.getMetadata().getUid();
    Launch launch = launches.get(key);
    if (launch != null && !launch.vmiUid().equals(uid)) {
      launches.remove(key);
      launch = null;
    }
    List<Pod> mine = caches.launchers(namespace, name, uid);
    if (vmi.getMetadata().getDeletionTimestamp() != null) {
      deleting(vmi, mine);
      return;
    }
    if (!vmi.getMetadata().getFinalizers().contains(KubeVirtNames.VMI_FINALIZER)) {
      edits.vmi(
          namespace,
          name,
          v -> {
            if (!v.getMetadata().getFinalizers().contains(KubeVirtNames.VMI_FINALIZER)) {
              v.getMetadata().getFinalizers().add(KubeVirtNames.VMI_FINALIZER);
            }
          });
    }
    String phase = Unstructured.string(vmi, "status", "phase");
    if ("Failed".equals(phase) || "Succeeded".equals(phase)) {
      return;
    }
    if (launch == null) {
      launch = adopt(vmi, mine).orElse(null);
    }
    if (launch == null) {
      if (phase == null || phase.isEmpty()) {
        status(vmi, s -> Unstructured.phase(s, "Pending"));
      }
      Pod created =
          pods.create(vmi, Unstructured.strings(vmi, "spec", "nodeSelector"), Map.of(), Map.of());
      launches.put(
          key,
          new Launch(uid, created.getMetadata().getName(), created.getMetadata().getUid(), false));
      status(vmi, s -> Unstructured.phase(s, "Scheduling"));
      return;
    }
    String podName = launch.pod();
    Pod pod =
        mine.stream()
            .filter(p -> p.getMetadata().getName().equals(podName))
            .findFirst()
            .orElse(null);
    if (pod == null) {
      if (launch.seen()) {
        fail(
            vmi,
            launch,
            KubeVirtNames.POD_NOT_EXISTS,
            "the virt-launcher pod " + podName + " is gone");
      }
      return;
    }
    if (!launch.seen()) {
      launch = new Launch(uid, podName, launch.podUid(), true);
      launches.put(key, launch);
    }
    if (LauncherPods.ended(pod)) {
      fail(
          vmi,
          launch,
          KubeVirtNames.GUEST_NOT_RUNNING,
          "the virt-launcher pod " + podName + " is " + pod.getStatus().getPhase());
      return;
    }
    if (pod.getMetadata().getDeletionTimestamp() != null) {
      status(
          vmi,
          s ->
              Unstructured.condition(
                  s,
                  KubeVirtNames.READY,
                  "False",
                  KubeVirtNames.POD_TERMINATING,
                  "the virt-launcher pod is terminating"));
      return;
    }
    String node = pod.getSpec().getNodeName();
    if (node == null) {
      NodeBinding.Choice choice =
          NodeBinding.choose(
              pod.getSpec().getNodeSelector() == null ? Map.of() : pod.getSpec().getNodeSelector(),
              NodeBinding.required(pod.getSpec()),
              Unstructured.maps(vmi, "spec", "tolerations"),
              null,
              caches.nodes());
      if (choice.node().isEmpty()) {
        pods.unschedulable(pod, choice.why());
        return;
      }
      pods.bind(pod, choice.node().get());
      node = choice.node().get();
    }
    String on = node;
    if (!LauncherPods.runningAndReady(pod)) {
      // bound, its virt-launcher not ready yet: still Scheduling for KubeVirt
      return;
    }
    Map<String, String> active = activePods(mine);
    edits.vmi(
        namespace,
        name,
        v -> {
          if (v.getMetadata().getLabels() == null) {
            v.getMetadata().setLabels(new LinkedHashMap<>());
          }
          v.getMetadata().getLabels().put(KubeVirtNames.NODE_NAME_LABEL, on);
          Map<String, Object> s = Unstructured.mutable(v, "status");
          // virt-controller hands a VMI whose pod is ready over as Scheduled, with its node;
          // virt-handler there starts the domain: Running
          if (!"Running".equals(s.get("phase"))) {
            Unstructured.phase(s, "Scheduled");
          }
          Unstructured.phase(s, "Running");
          s.put("nodeName", on);
          s.put("activePods", active);
          Unstructured.condition(s, KubeVirtNames.READY, "True", null, null);
          Unstructured.condition(s, KubeVirtNames.LIVE_MIGRATABLE, "True", null, null);
        });
  }

  /** The pod that runs VMI {@code namespace/name}'s guest now, by name, if any. */
  Optional<String> launcherPod(String namespace, String name) {
    Launch l = launches.get(namespace + "/" + name);
    return l == null ? Optional.empty() : Optional.of(l.pod());
  }

  /** The pod UID of {@link #launcherPod}. */
  Optional<String> launcherPodUid(String namespace, String name) {
    Launch l = launches.get(namespace + "/" + name);
    return l == null ? Optional.empty() : Optional.ofNullable(l.podUid());
  }

  /** A completed migration: the target pod {@code pod} runs the VMI's guest from now on. */
  void handOver(String namespace, String name, String vmiUid, Pod pod) {
    launches.put(
        namespace + "/" + name,
        new Launch(vmiUid, pod.getMetadata().getName(), pod.getMetadata().getUid(), true));
  }

  /** The bound, unfinished launcher pods of a VMI, by UID to node, as KubeVirt lists them. */
  static Map<String, String> activePods(List<Pod> launchers) {
    Map<String, String> active = new java.util.TreeMap<>();
    for (Pod p : launchers) {
      if (p.getSpec().getNodeName() != null && !LauncherPods.ended(p)) {
        active.put(p.getMetadata().getUid(), p.getSpec().getNodeName());
      }
    }
    return active;
  }

  /**
   * The launcher pod of a VMI the simulation did not start (it ran before, or another one did): the
   * one on its status.nodeName, else the only one that is no migration target.
   */
  private Optional<Launch> adopt(GenericKubernetesResource vmi, List<Pod> mine) {
    String node = Unstructured.string(vmi, "status", "nodeName");
    List<Pod> candidates = new ArrayList<>();
    for (Pod p : mine) {
      boolean target = p.getMetadata().getLabels().containsKey(KubeVirtNames.MIGRATION_JOB_LABEL);
      if (p.getMetadata().getDeletionTimestamp() == null
          && (!target || node != null && node.equals(p.getSpec().getNodeName()))) {
        candidates.add(p);
      }
    }
    Optional<Pod> chosen =
        candidates.stream()
            .filter(p -> node != null && node.equals(p.getSpec().getNodeName()))
            .findFirst()
            .or(() -> candidates.size() == 1 ? Optional.of(candidates.get(0)) : Optional.empty());
    chosen.ifPresent(
        p ->
            launches.put(
                vmi.getMetadata().getNamespace() + "/" + vmi.getMetadata().getName(),
                new Launch(
                    vmi.getMetadata().getUid(),
                    p.getMetadata().getName(),
                    p.getMetadata().getUid(),
                    true)));
    return chosen.map(
        p ->
            new Launch(
                vmi.getMetadata().getUid(),
                p.getMetadata().getName(),
                p.getMetadata().getUid(),
                true));
  }

  private void deleting(GenericKubernetesResource vmi, List<Pod> mine) {
    for (Pod p : mine) {
      if (p.getMetadata().getDeletionTimestamp() == null) {
        pods.delete(p);
      }
    }
    if (mine.isEmpty() && vmi.getMetadata().getFinalizers().contains(KubeVirtNames.VMI_FINALIZER)) {
      edits.vmi(
          vmi.getMetadata().getNamespace(),
          vmi.getMetadata().getName(),
          v -> v.getMetadata().getFinalizers().remove(KubeVirtNames.VMI_FINALIZER));
    }
  }

  private void fail(GenericKubernetesResource vmi, Launch launch, String reason, String message) {
    if (launch.podUid() != null) {
      processes.stop(launch.podUid());
    }
    status(
        vmi,
        s -> {
          Unstructured.phase(s, "Failed");
          Unstructured.condition(s, KubeVirtNames.READY, "False", reason, message);
        });
  }

  private void status(
      GenericKubernetesResource vmi, java.util.function.Consumer<Map<String, Object>> change) {
    edits.vmi(
        vmi.getMetadata().getNamespace(),
        vmi.getMetadata().getName(),
        v -> change.accept(Unstructured.mutable(v, "status")));
  }
}
