package dev.rgmanager.plugin.importer;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A {@code <vm>} to a vm resource: the VirtualMachine's name and the migration mode. Every other
 * attribute of rgmanager's vm agent is reported with what replaces it on KubeVirt, since the
 * VirtualMachine itself (its disks, memory, network) is the administrator's to define.
 */
final class VmImport {
  /** The doc section with a VirtualMachine to start from. */
  static final String SKELETON = "docs/migrating.md, \"Importing virtual machines\"";

  /**
   * The vm agent's attributes on how libvirt or Xen ran and moved the guest, each with what it
   * meant there: KubeVirt's VirtualMachine and its migration settings replace them all.
   */
  private static final Map<String, String> HYPERVISOR_DETAILS = new LinkedHashMap<>();

  static {
    HYPERVISOR_DETAILS.put("path", "the directories searched for the domain's configuration");
    HYPERVISOR_DETAILS.put("xmlfile", "the libvirt domain XML: its disks, CPUs and memory");
    HYPERVISOR_DETAILS.put("use_virsh", "virsh or xm");
    HYPERVISOR_DETAILS.put("hypervisor", "the hypervisor");
    HYPERVISOR_DETAILS.put("hypervisor_uri", "the libvirt connection");
    HYPERVISOR_DETAILS.put("migration_uri", "the migration address");
    HYPERVISOR_DETAILS.put("tunnelled", "migration through ssh");
    HYPERVISOR_DETAILS.put(
        "snapshot",
        "the memory saved on stop and restored on start; the VM now stops and starts cold");
  }

  /**
   * The service attributes of a top-level {@code <vm>}: inside a service they mean nothing, as the
   * service's own apply.
   */
  private static final List<String> SERVICE_ATTRIBUTES =
      List.of(
          "domain",
          "autostart",
          "exclusive",
          "recovery",
          "max_restarts",
          "restart_expire_time",
          "depend",
          "depend_mode");

  private final String namespace;

  VmImport(String namespace) {
    this.namespace = namespace;
  }

  /** A {@code <vm>} that is a service of its own: it keeps its migration mode. */
  YamlMap service(ResourceRef vm, String name, Manifest manifest) {
    YamlMap resource = resource(vm, name, manifest);
    vm.attr("migrate")
        .ifPresent(
            m -> {
              if (m.equals("live") || m.equals("pause")) {
                resource.put("migrate", m);
              } else {
                manifest.note(
                    notMapped(vm, "migrate", m) + ": rgmanager knows live and pause; left unset.");
              }
            });
    hypervisorDetails(vm, machine(vm), manifest);
    return resource;
  }

  /**
   * A {@code <vm>} inside a service's tree: rgmanager never migrates one, and neither does the
   * operator, so its migration mode and service attributes are reported, not kept.
   */
  YamlMap child(ResourceRef vm, String name, Manifest manifest) {
    YamlMap resource = resource(vm, name, manifest);
    manifest.note(
        vm.describe()
            + " is inside the service's tree: a VM inside a larger tree cannot migrate (rgmanager's rule too); the operator"
            + " relocates it by stopping and starting it.");
    vm.attr("migrate")
        .ifPresent(
            m ->
                manifest.note(
                    notMapped(vm, "migrate", m) + ": a VM inside a larger tree cannot migrate."));
    for (String attribute : SERVICE_ATTRIBUTES) {
      vm.attr(attribute)
          .ifPresent(
              v ->
                  manifest.note(
                      notMapped(vm, attribute, v)
                          + ": a service attribute, and the service's own applies; set it on"
                          + " the service if it should."));
    }
    hypervisorDetails(vm, machine(vm), manifest);
    return resource;
  }

  private YamlMap resource(ResourceRef vm, String name, Manifest manifest) {
    String original = vm.attr("name").orElse("vm");
    String machine = machine(vm);
    YamlMap resource = new YamlMap().put("name", name);
    resource.map("vm").put("name", machine);
    resource.comment(
        "name", "A KubeVirt VirtualMachine of this name in namespace " + namespace + ".");
    manifest.note(
        "TODO: define VirtualMachine "
            + machine
            + " in namespace "
            + namespace
            + " with runStrategy Halted or Manual (the operator starts it); the import cannot know"
            + " its disks. A skeleton: "
            + SKELETON
            + ".");
    if (!machine.equals(original)) {
      manifest.note(
          "The libvirt domain \""
              + original
              + "\" is VirtualMachine "
              + machine
              + ": Kubernetes names are lower case, without underscores.");
    }
    return resource;
  }

  /** The VirtualMachine's name: the vm's, as a Kubernetes name. */
  private static String machine(ResourceRef vm) {
    return Names.object(vm.attr("name").orElse("vm"));
  }

  /** Reports the attributes on how libvirt or Xen ran the guest, with what replaces each. */
  private static void hypervisorDetails(ResourceRef vm, String machine, Manifest manifest) {
    for (Map.Entry<String, String> detail : HYPERVISOR_DETAILS.entrySet()) {
      vm.attr(detail.getKey())
          .ifPresent(
              v ->
                  manifest.note(
                      notMapped(vm, detail.getKey(), v)
                          + " ("
                          + detail.getValue()
                          + "): KubeVirt replaces it: VirtualMachine "
                          + machine
                          + " (runStrategy Halted or Manual) and KubeVirt's own migration"
                          + " settings (a MigrationPolicy)."));
    }
    vm.attr("migration_mapping")
        .ifPresent(
            v ->
                manifest.note(
                    notMapped(vm, "migration_mapping", v)
                        + ": the operator migrates by node name and KubeVirt picks the address;"
                        + " a separate migration network is KubeVirt's migrations.network"
                        + " setting."));
    vm.attr("status_program")
        .ifPresent(
            v ->
                manifest.note(
                    notMapped(vm, "status_program", v)
                        + ": a check inside the guest; make it the VirtualMachine's"
                        + " readinessProbe (an exec probe through the guest agent)."));
  }

  private static String notMapped(ResourceRef vm, String attribute, String value) {
    return "NOT MAPPED: " + vm.describe() + " " + attribute + "=\"" + value + "\"";
  }
}
