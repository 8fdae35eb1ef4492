package dev.rgmanager.operator.resource;

import dev.rgmanager.api.v1alpha1.ClusterService;
import dev.rgmanager.api.v1alpha1.ResourceNode;
import dev.rgmanager.api.v1alpha1.ResourceType;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An application pod built from the resource's template, bound to the owner node (nodeName), with
 * the tree's ancestor volumes mounted. Its readiness is the resource's status.
 */
public class AppActuator implements ResourceActuator {
  private final AppPods objects;
  private final AtOnceDeletes atOnce;

  public AppActuator(AppPods objects) {
    this.objects = objects;
    this.atOnce = new AtOnceDeletes(objects::pod, objects::deletePod);
  }

  @Override
  public ResourceType type() {
    return ResourceType.APP;
  }

  public static String podName(ClusterService service, TreeEntry entry, String node) {
    return Names.child(service.getMetadata().getName(), entry.name(), node);
  }

  @Override
  public void start(ClusterService service, TreeEntry entry, String node) {
    objects.ensureEvictionGuard(service);
    if (current(service, entry, node) != null) {
      return;
    }
    objects.createPod(desired(service, entry, node));
  }

  /**
   * The resource's pod on {@code node}: by its name, else by its labels, so that a pod named by an
   * older operator (before names carried a hash) is still seen and never started twice.
   */
  private Pod current(ClusterService service, TreeEntry entry, String node) {
    Pod named = objects.pod(service.getMetadata().getNamespace(), podName(service, entry, node));
    if (named != null) {
      return named;
    }
    return pods(service, entry).stream()
        .filter(p -> node.equals(p.getMetadata().getLabels().get(Labels.OWNER)))
        .findFirst()
        .orElse(null);
  }

  static Pod desired(ClusterService service, TreeEntry entry, String node) {
    PodTemplateSpec template =
        Serialization.jsonMapper()
            .convertValue(entry.resource().app().template(), PodTemplateSpec.class);
    Map<String, String> labels = new HashMap<>();
    if (template.getMetadata() != null && template.getMetadata().getLabels() != null) {
      labels.putAll(template.getMetadata().getLabels());
    }
    labels.putAll(Labels.of(service, entry.name(), node));
    PodSpec spec = template.getSpec();
    spec.setNodeName(node);
    List<io.fabric8.kubernetes.api.model.Volume> volumes =
        spec.getVolumes() == null ? new ArrayList<>() : new ArrayList<>(spec.getVolumes());
    for (ResourceNode ancestor : entry.ancestors()) {
      if (ancestor.volume() == null) {
        continue;
      }
      String volumeName = Names.child("rgm", ancestor.name());
      volumes.add(
          new VolumeBuilder()
              .withName(volumeName)
              .withNewPersistentVolumeClaim(ancestor.volume().claimName(), false)
              .build());
      for (Container c : spec.getContainers()) {
        List<io.fabric8.kubernetes.api.model.VolumeMount> mounts =
            c.getVolumeMounts() == null ? new ArrayList<>() : new ArrayList<>(c.getVolumeMounts());
        mounts.add(
            new VolumeMountBuilder()
                .withName(volumeName)
                .withMountPath(ancestor.volume().mountPathOrDefault())
                .build());
        c.setVolumeMounts(mounts);
      }
    }
    spec.setVolumes(volumes);
    return new PodBuilder()
        .withNewMetadata()
        .withName(podName(service, entry, node))
        .withNamespace(service.getMetadata().getNamespace())
        .withLabels(labels)
        .withAnnotations(
            template.getMetadata() == null ? null : template.getMetadata().getAnnotations())
        .withOwnerReferences(Labels.ownerReference(service))
        .endMetadata()
        .withSpec(spec)
        .build();
  }

  @Override
  public Observation observe(ClusterService service, TreeEntry entry, String node) {
    Pod pod = current(service, entry, node);
    if (pod != null) {
      // A pod started before the guard existed (an older operator) gets it now.
      objects.ensureEvictionGuard(service);
    }
    return health(pod);
  }

  static Observation health(Pod pod) {
    if (pod == null) {
      return Observation.of(ResourceHealth.STOPPED, "no pod");
    }
    String name = pod.getMetadata().getName();
    if (pod.getMetadata().getDeletionTimestamp() != null) {
      return Observation.of(ResourceHealth.STOPPING, "pod " + name + " is terminating");
    }
    String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
    if ("Failed".equals(phase) || "Succeeded".equals(phase)) {
      return Observation.of(ResourceHealth.FAILED, "pod " + name + " " + phase.toLowerCase());
    }
    List<ContainerStatus> containers =
        pod.getStatus() == null || pod.getStatus().getContainerStatuses() == null
            ? List.of()
            : pod.getStatus().getContainerStatuses();
    for (ContainerStatus c : containers) {
      if (c.getRestartCount() != null && c.getRestartCount() > 0) {
        return Observation.of(
            ResourceHealth.FAILED, "pod " + name + " container " + c.getName() + " restarted");
      }
    }
    boolean ready =
        pod.getStatus() != null
            && pod.getStatus().getConditions() != null
            && pod.getStatus().getConditions().stream()
                .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
    return ready
        ? Observation.of(ResourceHealth.STARTED, "pod " + name + " is ready")
        : Observation.of(ResourceHealth.STARTING, "pod " + name + " is not ready");
  }

  @Override
  public void stop(ClusterService service, TreeEntry entry) {
    pods(service, entry).stream()
        .filter(p -> p.getMetadata().getDeletionTimestamp() == null)
        .forEach(p -> objects.deletePod(p, null));
  }

  /**
   * Deletes at once (grace period 0) the pods left on fenced nodes: nothing there can still run. A
   * pod already deleted at once, by this operator or a previous leader, is left to go: a drive
   * round with nothing left to forget reads the cache and sends no request.
   */
  public void forgetFenced(ClusterService service, TreeEntry entry, Set<String> fenced) {
    atOnce.prune();
    for (Pod p : pods(service, entry)) {
      if (fenced.contains(p.getSpec().getNodeName())) {
        atOnce.delete(p);
      }
    }
  }

  @Override
  public boolean stopped(ClusterService service, TreeEntry entry) {
    return pods(service, entry).isEmpty();
  }

  /** Every pod left is terminating: its node's kubelet has yet to confirm it gone. */
  @Override
  public boolean stopping(ClusterService service, TreeEntry entry) {
    List<Pod> left = pods(service, entry);
    return !left.isEmpty()
        && left.stream().allMatch(p -> p.getMetadata().getDeletionTimestamp() != null);
  }

  private List<Pod> pods(ClusterService service, TreeEntry entry) {
    return objects.podsOf(service).stream()
        .filter(p -> entry.name().equals(p.getMetadata().getLabels().get(Labels.RESOURCE)))
        .toList();
  }
}
