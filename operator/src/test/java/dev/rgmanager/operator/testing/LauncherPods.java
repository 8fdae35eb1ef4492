package dev.rgmanager.operator.testing;

import io.fabric8.kubernetes.api.model.BindingBuilder;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The virt-launcher pods of the simulation, made as virt-controller makes them
 * (pkg/virt-controller/services/template.go): named virt-launcher-VMI-xxxxx, the VMI's labels plus
 * kubevirt.io=virt-launcher, kubevirt.io/created-by=VMI UID and vm.kubevirt.io/name=VMI name,
 * annotation kubevirt.io/domain, owned by the VMI (controller), its nodeSelector, affinity and
 * tolerations. Unlike KubeVirt's, they name a scheduler nobody runs ({@link #SCHEDULER}) so that
 * the cluster's kube-scheduler leaves them to {@link NodeBinding}, and they have one container,
 * which kwok runs.
 */
final class LauncherPods {
  /** The scheduler the pods name: none, the simulation binds them itself. */
  static final String SCHEDULER = "simulated-kubevirt";

  private static final String ALPHABET = "bcdfghjklmnpqrstvwxz2456789";
  private static final SecureRandom RANDOM = new SecureRandom();

  private final KubernetesClient client;

  LauncherPods(KubernetesClient client) {
    this.client = client;
  }

  /** Creates a launcher pod of {@code vmi}, unbound, with {@code selector} as its nodeSelector. */
  Pod create(
      GenericKubernetesResource vmi,
      Map<String, String> selector,
      Map<String, String> extraLabels,
      Map<String, String> extraAnnotations) {
    String name = vmi.getMetadata().getName();
    Map<String, String> labels = new LinkedHashMap<>();
    if (vmi.getMetadata().getLabels() != null) {
      labels.putAll(vmi.getMetadata().getLabels());
      // the VMI's node, which a pod of another node (a migration target) must not claim
      labels.remove(KubeVirtNames.NODE_NAME_LABEL);
    }
    labels.put(KubeVirtNames.APP_LABEL, KubeVirtNames.VIRT_LAUNCHER);
    labels.put(KubeVirtNames.CREATED_BY_LABEL, vmi.getMetadata().getUid());
    labels.put(KubeVirtNames.VM_NAME_LABEL, name);
    labels.putAll(extraLabels);
    Map<String, String> annotations = new LinkedHashMap<>(extraAnnotations);
    annotations.put(KubeVirtNames.DOMAIN_ANNOTATION, name);
    Long grace = (Long) number(Unstructured.value(vmi, "spec", "terminationGracePeriodSeconds"));
    Pod pod =
        new PodBuilder()
            .withNewMetadata()
            .withName("virt-launcher-" + name + "-" + suffix())
            .withNamespace(vmi.getMetadata().getNamespace())
            .withLabels(labels)
            .withAnnotations(annotations)
            .addNewOwnerReference()
            .withApiVersion("kubevirt.io/v1")
            .withKind("VirtualMachineInstance")
            .withName(name)
            .withUid(vmi.getMetadata().getUid())
            .withController(true)
            .withBlockOwnerDeletion(true)
            .endOwnerReference()
            .endMetadata()
            .withNewSpec()
            .withSchedulerName(SCHEDULER)
            .withRestartPolicy("Never")
            .withNodeSelector(selector)
            .withTerminationGracePeriodSeconds(grace == null ? 30L : grace + 15)
            .addNewContainer()
            .withName("compute")
            .withImage("quay.io/kubevirt/virt-launcher:" + KubeVirtCrds.KUBEVIRT_VERSION)
            .endContainer()
            .endSpec()
            .build();
    Map<String, Object> affinity = Unstructured.map(vmi, "spec", "affinity");
    if (!affinity.isEmpty()) {
      pod.getSpec()
          .setAffinity(
              client
                  .getKubernetesSerialization()
                  .convertValue(affinity, io.fabric8.kubernetes.api.model.Affinity.class));
    }
    List<Map<String, Object>> tolerations = Unstructured.maps(vmi, "spec", "tolerations");
    if (!tolerations.isEmpty()) {
      pod.getSpec()
          .setTolerations(
              tolerations.stream()
                  .map(
                      t ->
                          client
                              .getKubernetesSerialization()
                              .convertValue(t, io.fabric8.kubernetes.api.model.Toleration.class))
                  .toList());
    }
    return client.pods().resource(pod).create();
  }

  /** Binds {@code pod} to {@code node}, as a scheduler does. */
  void bind(Pod pod, String node) {
    client
        .bindings()
        .inNamespace(pod.getMetadata().getNamespace())
        .resource(
            new BindingBuilder()
                .withNewMetadata()
                .withName(pod.getMetadata().getName())
                .withNamespace(pod.getMetadata().getNamespace())
                .endMetadata()
                .withNewTarget()
                .withApiVersion("v1")
                .withKind("Node")
                .withName(node)
                .endTarget()
                .build())
        .create();
  }

  /** Says why an unbound pod is not scheduled, as a scheduler does (PodScheduled=False). */
  void unschedulable(Pod pod, String why) {
    PodCondition old =
        pod.getStatus() == null || pod.getStatus().getConditions() == null
            ? null
            : pod.getStatus().getConditions().stream()
                .filter(c -> "PodScheduled".equals(c.getType()))
                .findFirst()
                .orElse(null);
    if (old != null && why.equals(old.getMessage())) {
      return;
    }
    client
        .pods()
        .inNamespace(pod.getMetadata().getNamespace())
        .withName(pod.getMetadata().getName())
        .editStatus(
            p -> {
              List<PodCondition> cs = new ArrayList<>();
              if (p.getStatus().getConditions() != null) {
                p.getStatus().getConditions().stream()
                    .filter(c -> !"PodScheduled".equals(c.getType()))
                    .forEach(cs::add);
              }
              cs.add(
                  new PodConditionBuilder()
                      .withType("PodScheduled")
                      .withStatus("False")
                      .withReason("Unschedulable")
                      .withMessage(why)
                      .withLastTransitionTime(Unstructured.now())
                      .build());
              p.getStatus().setConditions(cs);
              p.getStatus().setPhase("Pending");
              return p;
            });
  }

  /** Deletes {@code pod} with its own grace period (a normal delete, never forced). */
  void delete(Pod pod) {
    client
        .pods()
        .inNamespace(pod.getMetadata().getNamespace())
        .withName(pod.getMetadata().getName())
        .delete();
  }

  /** The pod's compute container exits with an error: phase Failed, not Ready. */
  void crash(Pod pod) {
    client
        .pods()
        .inNamespace(pod.getMetadata().getNamespace())
        .withName(pod.getMetadata().getName())
        .editStatus(
            p -> {
              String now = Unstructured.now();
              p.getStatus().setPhase("Failed");
              p.getStatus()
                  .setConditions(
                      List.of(
                          new PodConditionBuilder()
                              .withType("Ready")
                              .withStatus("False")
                              .withReason("PodFailed")
                              .withLastTransitionTime(now)
                              .build(),
                          new PodConditionBuilder()
                              .withType("ContainersReady")
                              .withStatus("False")
                              .withReason("PodFailed")
                              .withLastTransitionTime(now)
                              .build()));
              p.getStatus()
                  .setContainerStatuses(
                      List.of(
                          new ContainerStatusBuilder()
                              .withName("compute")
                              .withImage(p.getSpec().getContainers().get(0).getImage())
                              .withReady(false)
                              .withRestartCount(0)
                              .withNewState()
                              .withNewTerminated()
                              .withExitCode(1)
                              .withReason("Error")
                              .withFinishedAt(now)
                              .endTerminated()
                              .endState()
                              .build()));
              return p;
            });
  }

  /** Whether kwok runs the pod: phase Running and Ready. */
  static boolean runningAndReady(Pod p) {
    return p.getStatus() != null
        && "Running".equals(p.getStatus().getPhase())
        && p.getStatus().getConditions() != null
        && p.getStatus().getConditions().stream()
            .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
  }

  /** Whether the pod ended: Failed or Succeeded. */
  static boolean ended(Pod p) {
    return p.getStatus() != null
        && ("Failed".equals(p.getStatus().getPhase())
            || "Succeeded".equals(p.getStatus().getPhase()));
  }

  private static Object number(Object v) {
    return v instanceof Number n ? Long.valueOf(n.longValue()) : null;
  }

  private static String suffix() {
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < 5; i++) {
      s.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
    }
    return s.toString();
  }
}
