package dev.rgmanager.operator.testing;

import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Where the simulated guests run: a VMI's guest runs on the node of each of its launcher pods that
 * is Running, not terminating and not stopped (crashed, or the source of a completed migration),
 * and is not a migration target before its handover. The stops and handovers are recorded here
 * before the pods show them, so that the view never sees a guest in two places that the simulation
 * has not put there (a stray launcher, say).
 */
final class GuestProcesses {
  private final Set<String> stopped = ConcurrentHashMap.newKeySet();
  private final Set<String> handedOver = ConcurrentHashMap.newKeySet();
  private final Map<String, List<RunningHistory>> watchers = new ConcurrentHashMap<>();

  /** The guest of pod {@code uid} is gone, whatever the pod says. */
  void stop(String podUid) {
    stopped.add(podUid);
  }

  /** The migration target pod {@code uid} now runs the guest. */
  void handOver(String podUid) {
    handedOver.add(podUid);
  }

  /** The nodes the guest of VMI {@code vmi} runs on, among {@code pods} (of its namespace). */
  Set<String> runningOn(String vmi, Collection<Pod> pods) {
    Set<String> nodes = new TreeSet<>();
    for (Pod p : pods) {
      if (launcherOf(p, vmi) && runsGuest(p)) {
        nodes.add(p.getSpec().getNodeName());
      }
    }
    return nodes;
  }

  /** A new history of VMI {@code namespace/vmi}, starting from {@code now}. */
  RunningHistory watch(String namespace, String vmi, Set<String> now) {
    RunningHistory h = new RunningHistory(now);
    watchers
        .computeIfAbsent(
            namespace + "/" + vmi, k -> new java.util.concurrent.CopyOnWriteArrayList<>())
        .add(h);
    return h;
  }

  /** Tells the histories of {@code namespace} what they see now among {@code pods}. */
  void changed(String namespace, Collection<Pod> pods) {
    watchers.forEach(
        (key, histories) -> {
          if (key.startsWith(namespace + "/")) {
            Set<String> nodes = runningOn(key.substring(namespace.length() + 1), pods);
            histories.forEach(h -> h.seen(nodes));
          }
        });
  }

  /** Whether any history watches {@code namespace}. */
  boolean watched(String namespace) {
    return watchers.keySet().stream().anyMatch(k -> k.startsWith(namespace + "/"));
  }

  private boolean runsGuest(Pod p) {
    String uid = p.getMetadata().getUid();
    boolean target = p.getMetadata().getLabels().containsKey(KubeVirtNames.MIGRATION_JOB_LABEL);
    return p.getSpec().getNodeName() != null
        && p.getStatus() != null
        && "Running".equals(p.getStatus().getPhase())
        && p.getMetadata().getDeletionTimestamp() == null
        && !stopped.contains(uid)
        && (!target || handedOver.contains(uid));
  }

  static boolean launcherOf(Pod p, String vmi) {
    if (p.getMetadata().getLabels() == null
        || !KubeVirtNames.VIRT_LAUNCHER.equals(
            p.getMetadata().getLabels().get(KubeVirtNames.APP_LABEL))) {
      return false;
    }
    List<OwnerReference> owners = p.getMetadata().getOwnerReferences();
    return owners != null
        && owners.stream()
            .anyMatch(o -> "VirtualMachineInstance".equals(o.getKind()) && vmi.equals(o.getName()));
  }
}
