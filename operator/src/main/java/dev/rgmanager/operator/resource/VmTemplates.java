package dev.rgmanager.operator.resource;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.util.Set;

/**
 * Whether a VirtualMachine can serve as the template of a cluster-run VM: it exists, and leaves its
 * instances to the cluster. With runStrategy Always, RerunOnFailure or Once (or {@code running:
 * true}) KubeVirt starts an instance by itself, wherever it likes: a second controller of one VM.
 */
public final class VmTemplates {
  private static final Set<String> LEFT_TO_THE_CLUSTER = Set.of("Manual", "Halted");

  private VmTemplates() {}

  /**
   * What keeps VM {@code name} of {@code namespace} from running as a service resource: KubeVirt's
   * API not served, the VirtualMachine missing, or left to start by itself; null when nothing.
   */
  public static String problem(VmObjects vms, String namespace, String name) {
    String unavailable = vms.unavailable();
    return unavailable != null
        ? unavailable
        : problem(vms.virtualMachine(namespace, name), namespace, name);
  }

  /** What is wrong with {@code vm} as a template, or null; {@code vm} null is not found. */
  static String problem(GenericKubernetesResource vm, String namespace, String name) {
    if (vm == null) {
      return "VirtualMachine "
          + name
          + " does not exist in namespace "
          + namespace
          + ": create it (runStrategy: Manual) or fix the vm resource's name";
    }
    return problem(vm);
  }

  /** What is wrong with an existing VirtualMachine as a template, or null. */
  static String problem(GenericKubernetesResource vm) {
    if (vm == null) {
      return "VirtualMachine not found";
    }
    Object strategy = vm.get("spec", "runStrategy");
    Object running = vm.get("spec", "running");
    boolean leftToUs =
        strategy == null
            ? !Boolean.TRUE.equals(running)
            : LEFT_TO_THE_CLUSTER.contains(strategy.toString());
    if (leftToUs) {
      return null;
    }
    return "VirtualMachine "
        + vm.getMetadata().getName()
        + (strategy == null ? " has running: true" : " has runStrategy " + strategy)
        + ", so KubeVirt would start it by itself: set spec.runStrategy to Manual (or Halted) so"
        + " that only the cluster starts it";
  }
}
