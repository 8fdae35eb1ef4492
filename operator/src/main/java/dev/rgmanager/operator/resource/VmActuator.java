package dev.rgmanager.operator.resource;

import dev.rgmanager.api.v1alpha1.ClusterService;
import dev.rgmanager.api.v1alpha1.MigrationMode;
import dev.rgmanager.api.v1alpha1.ResourceType;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A KubeVirt VM as a service resource. Start creates the VirtualMachineInstance (named after the
 * VirtualMachine, whose template it copies) bound to the owner node; stop deletes it, and the stop
 * is complete once the instance and its virt-launcher pods are gone; the instance's phase and Ready
 * condition are the resource's status.
 *
 * <p>The binding: KubeVirt's migration target can only be narrowed ({@code addedNodeSelector} never
 * overrides an instance's own node selector), so an instance pinned by host name could never
 * migrate. Instead the instance selects a label of its own ({@link #bindingKey}) that the operator
 * puts on the owner node alone before the start, and on the target too before a migration.
 *
 * <p>The VirtualMachine must leave its instances to the cluster (runStrategy Manual or Halted):
 * KubeVirt would otherwise start one by itself, a second controller of the same VM.
 */
public class VmActuator implements ResourceActuator {
  private final VmObjects vms;
  private final AtOnceDeletes atOnce;
  private final java.util.function.Consumer<ClusterService> evictionGuard;

  /**
   * {@code evictionGuard} ensures the service's eviction guard ({@link EvictionGuard}): the
   * launcher pods carry the instance's labels, the service's among them, so a drain of the owner
   * waits while the operator migrates the VM off it.
   */
  public VmActuator(VmObjects vms, java.util.function.Consumer<ClusterService> evictionGuard) {
    this.vms = vms;
    this.atOnce = new AtOnceDeletes(vms::launcher, vms::deletePod);
    this.evictionGuard = evictionGuard;
  }

  @Override
  public ResourceType type() {
    return ResourceType.VM;
  }

  static String vmName(TreeEntry entry) {
    return entry.resource().vm().name();
  }

  /** The node label that binds the VM's instance to its node: one key per VM. */
  public static String bindingKey(ClusterService service, TreeEntry entry) {
    return KubeVirt.BINDING_PREFIX
        + Names.child(service.getMetadata().getNamespace(), vmName(entry));
  }

  @Override
  public void start(ClusterService service, TreeEntry entry, String node) {
    String ns = service.getMetadata().getNamespace();
    if (vms.unavailable() != null || vms.instance(ns, vmName(entry)) != null) {
      // Already there (or its predecessor still going): the observation says which.
      return;
    }
    GenericKubernetesResource vm = vms.virtualMachine(ns, vmName(entry));
    if (vm == null || VmTemplates.problem(vm) != null) {
      return;
    }
    evictionGuard.accept(service);
    vms.bind(bindingKey(service, entry), node, true);
    vms.create(desired(service, entry, vm));
  }

  /** The instance to create: the VirtualMachine's template, selecting the binding label. */
  static GenericKubernetesResource desired(
      ClusterService service, TreeEntry entry, GenericKubernetesResource vm) {
    Map<String, Object> template = VmInstance.map(vm.get("spec", "template"));
    Map<String, Object> meta = VmInstance.map(template.get("metadata"));
    Map<String, Object> spec = copy(template.get("spec"));
    Map<String, Object> selector = new LinkedHashMap<>(VmInstance.map(spec.get("nodeSelector")));
    selector.put(bindingKey(service, entry), "true");
    spec.put("nodeSelector", selector);
    Map<String, String> labels = new LinkedHashMap<>();
    VmInstance.map(meta.get("labels")).forEach((k, v) -> labels.put(k, String.valueOf(v)));
    labels.put(Labels.SERVICE, service.getMetadata().getName());
    labels.put(Labels.RESOURCE, entry.name());
    labels.put(Labels.MANAGED_BY, Labels.OPERATOR);
    if (entry.resource().migrate() == MigrationMode.PAUSE) {
      labels.put(KubeVirt.PAUSE_LABEL, "pause");
    }
    Map<String, String> annotations = new LinkedHashMap<>();
    VmInstance.map(meta.get("annotations"))
        .forEach((k, v) -> annotations.put(k, String.valueOf(v)));
    GenericKubernetesResource vmi = new GenericKubernetesResource();
    vmi.setApiVersion(KubeVirt.API_VERSION);
    vmi.setKind(KubeVirt.INSTANCE.getKind());
    vmi.setMetadata(
        new ObjectMetaBuilder()
            .withName(vmName(entry))
            .withNamespace(service.getMetadata().getNamespace())
            .withLabels(labels)
            .withAnnotations(annotations.isEmpty() ? null : annotations)
            .withOwnerReferences(Labels.ownerReference(service))
            .build());
    vmi.setAdditionalProperty("spec", spec);
    return vmi;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> copy(Object spec) {
    return spec == null
        ? new LinkedHashMap<>()
        : new LinkedHashMap<>(Serialization.jsonMapper().convertValue(spec, Map.class));
  }

  @Override
  public Observation observe(ClusterService service, TreeEntry entry, String node) {
    String ns = service.getMetadata().getNamespace();
    String unavailable = vms.unavailable();
    if (unavailable != null) {
      return Observation.of(ResourceHealth.FAILED, unavailable);
    }
    VmInstance vmi = vms.instance(ns, vmName(entry));
    if (vmi == null) {
      String problem =
          VmTemplates.problem(vms.virtualMachine(ns, vmName(entry)), ns, vmName(entry));
      return problem != null
          ? Observation.of(ResourceHealth.FAILED, problem)
          : Observation.of(ResourceHealth.STOPPED, "no VirtualMachineInstance " + vmName(entry));
    }
    return VmHealth.of(vmi, node);
  }

  @Override
  public void stop(ClusterService service, TreeEntry entry) {
    VmInstance vmi = vms.instance(service.getMetadata().getNamespace(), vmName(entry));
    if (vmi != null && !vmi.deleting()) {
      vms.delete(vmi.object());
    }
  }

  @Override
  public boolean stopped(ClusterService service, TreeEntry entry) {
    String ns = service.getMetadata().getNamespace();
    return vms.unavailable() != null
        || (vms.instance(ns, vmName(entry)) == null && vms.launchers(ns, vmName(entry)).isEmpty());
  }

  @Override
  public boolean stopping(ClusterService service, TreeEntry entry) {
    String ns = service.getMetadata().getNamespace();
    VmInstance vmi = vms.instance(ns, vmName(entry));
    return (vmi == null || vmi.deleting())
        && vms.launchers(ns, vmName(entry)).stream()
            .allMatch(p -> p.getMetadata().getDeletionTimestamp() != null);
  }

  /** The service is gone: its VM's binding label is taken off every node. */
  public void release(ClusterService service, TreeEntry entry) {
    if (vms.unavailable() == null) {
      vms.unbind(bindingKey(service, entry));
    }
  }

  /**
   * What is left of the VM on fenced nodes is removed: an instance whose node is fenced is deleted
   * (its guest is gone with the node), and its launcher pods there are deleted at once, since no
   * kubelet there will confirm a graceful delete; only then can the instance start elsewhere.
   */
  public void forgetFenced(ClusterService service, TreeEntry entry, Set<String> fenced) {
    String ns = service.getMetadata().getNamespace();
    VmInstance vmi = vms.instance(ns, vmName(entry));
    if (vmi != null && !vmi.deleting() && fenced.contains(vmi.nodeName())) {
      vms.delete(vmi.object());
    }
    atOnce.prune();
    for (Pod p : vms.launchers(ns, vmName(entry))) {
      if (fenced.contains(p.getSpec().getNodeName())) {
        atOnce.delete(p);
      }
    }
  }

  /**
   * The nodes the VM runs on now, whoever started it: the instance's node while it runs, and every
   * node with a running launcher pod of it, but a migration's target before the hand-over (it
   * receives, it does not run the guest) and its source just after (its launcher is exiting).
   */
  public Set<String> seenOn(ClusterService service, TreeEntry entry) {
    String ns = service.getMetadata().getNamespace();
    if (vms.unavailable() != null) {
      return Set.of();
    }
    VmInstance vmi = vms.instance(ns, vmName(entry));
    String receiving =
        vmi != null && vmi.migration() != null && vmi.migration().inProgress()
            ? vmi.migration().targetPod()
            : null;
    // Just after a hand-over the source's launcher is still running while its guest is gone.
    String leaving =
        vmi != null
                && vmi.migration() != null
                && vmi.migration().completed()
                && java.util.Objects.equals(vmi.nodeName(), vmi.migration().targetNode())
            ? vmi.migration().sourceNode()
            : null;
    Set<String> out = new TreeSet<>();
    for (Pod p : vms.launchers(ns, vmName(entry))) {
      boolean running =
          p.getStatus() != null
              && KubeVirt.RUNNING.equals(p.getStatus().getPhase())
              && p.getMetadata().getDeletionTimestamp() == null;
      if (running
          && !p.getMetadata().getName().equals(receiving)
          && p.getSpec().getNodeName() != null
          && !p.getSpec().getNodeName().equals(leaving)) {
        out.add(p.getSpec().getNodeName());
      }
    }
    if (vmi != null
        && KubeVirt.RUNNING.equals(vmi.phase())
        && vmi.nodeName() != null
        && !vmi.deleting()) {
      out.add(vmi.nodeName());
    }
    return out;
  }
}
