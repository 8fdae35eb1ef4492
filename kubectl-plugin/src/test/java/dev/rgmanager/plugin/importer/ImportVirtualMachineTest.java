package dev.rgmanager.plugin.importer;

import static dev.rgmanager.plugin.importer.ImportMappingTest.docs;
import static dev.rgmanager.plugin.importer.ImportMappingTest.find;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rgmanager.api.validation.ManifestValidator;
import java.io.IOException;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What a {@code <vm>} becomes: a vm resource named after it, the service attributes and migration
 * mode of a VM that is a service of its own, and for every other attribute of rgmanager's vm agent
 * a report line saying what replaces it on KubeVirt.
 */
class ImportVirtualMachineTest {
  /** The vm agent's attributes that say how libvirt or Xen ran and moved the guest. */
  private static final List<String> HYPERVISOR_DETAILS =
      List.of(
          "path=\"/etc/libvirt/qemu:/mnt/guests\"",
          "xmlfile=\"/mnt/guests/web.xml\"",
          "use_virsh=\"0\"",
          "hypervisor=\"qemu\"",
          "hypervisor_uri=\"qemu+ssh:///system\"",
          "migration_uri=\"tcp://%s:49152\"",
          "tunnelled=\"1\"",
          "snapshot=\"/var/lib/libvirt/save\"");

  private static String yaml;
  private static List<JsonNode> docs;

  @BeforeAll
  static void importKvmGuests() throws IOException {
    yaml =
        ClusterConfImporter.importConf(ClusterConfImporterTest.conf("kvm-guests.conf"), null)
            .yaml();
    docs = docs(yaml);
  }

  @Test
  void validateAcceptsWhatTheImportWrites() {
    assertThat(ManifestValidator.create().validate("kvm-guests.conf", yaml)).isEmpty();
  }

  @Test
  void aVmServiceKeepsItsServiceAttributesAndPauseMigration() {
    JsonNode spec = find(docs, "ClusterService", "web-guest").path("spec");

    assertThat(spec.path("domain").asText()).isEqualTo("hosts");
    assertThat(spec.path("autostart").asBoolean()).isTrue();
    assertThat(spec.path("exclusive").asBoolean()).isFalse();
    assertThat(spec.path("recovery").asText()).isEqualTo("relocate");
    assertThat(spec.path("maxRestarts").asInt()).isEqualTo(3);
    assertThat(spec.path("restartExpireTime").asText()).isEqualTo("300s");
    assertThat(spec.path("depend").asText()).isEqualTo("billing");
    assertThat(spec.path("dependMode").asText()).isEqualTo("soft");
    assertThat(spec.path("resources")).hasSize(1);
    JsonNode vm = spec.at("/resources/0");
    assertThat(vm.path("name").asText()).isEqualTo("web-guest");
    assertThat(vm.at("/vm/name").asText()).isEqualTo("web-guest");
    assertThat(vm.path("migrate").asText()).isEqualTo("pause");
    assertThat(vm.has("children")).isFalse();
  }

  @Test
  void eachHypervisorDetailIsReportedWithWhatKubeVirtDoesInstead() {
    for (String detail : HYPERVISOR_DETAILS) {
      assertThat(yaml)
          .containsPattern(
              "# NOT MAPPED: <vm name=\"Web_Guest\"> "
                  + Pattern.quote(detail)
                  + " \\([^)]*\\): KubeVirt replaces it: VirtualMachine web-guest \\(runStrategy"
                  + " Halted or Manual\\) and KubeVirt's own migration settings \\(a"
                  + " MigrationPolicy\\)\\.\n");
    }
    assertThat(yaml)
        .contains(
            "# NOT MAPPED: <vm name=\"Web_Guest\">"
                + " migration_mapping=\"kvm1:kvm1-mig,kvm2:kvm2-mig,kvm3:kvm3-mig\": the operator"
                + " migrates by node name and KubeVirt picks the address; a separate migration"
                + " network is KubeVirt's migrations.network setting.\n")
        .contains(
            "# NOT MAPPED: <vm name=\"Web_Guest\"> status_program=\"/usr/local/bin/check-web\": a"
                + " check inside the guest; make it the VirtualMachine's readinessProbe (an exec"
                + " probe through the guest agent).\n");
  }

  @Test
  void theReportSaysWhichVirtualMachineToDefineAndWhereTheSkeletonIs() {
    assertThat(yaml)
        .contains(
            "# TODO: define VirtualMachine web-guest in namespace kvm with runStrategy Halted or"
                + " Manual (the operator starts it); the import cannot know its disks. A skeleton:"
                + " docs/migrating.md, \"Importing virtual machines\".\n")
        .contains(
            "# The libvirt domain \"Web_Guest\" is VirtualMachine web-guest: Kubernetes names are"
                + " lower case, without underscores.\n")
        .doesNotContain("kind: VirtualMachine");
  }

  @Test
  void aVmInsideAServiceIsMappedWithoutMigrationAndSaysSo() {
    JsonNode billing = find(docs, "ClusterService", "billing").path("spec");
    JsonNode vm = billing.at("/resources/0/children/0");

    assertThat(billing.path("recovery").asText()).isEqualTo("relocate");
    assertThat(vm.path("name").asText()).isEqualTo("billing-db");
    assertThat(vm.at("/vm/name").asText()).isEqualTo("billing-db");
    assertThat(vm.has("migrate")).isFalse();
    assertThat(yaml)
        .contains(
            "# <vm name=\"billing_db\"> is inside the service's tree: a VM inside a larger tree"
                + " cannot migrate (rgmanager's rule too); the operator relocates it by stopping"
                + " and starting it.\n")
        .contains(
            "# NOT MAPPED: <vm name=\"billing_db\"> migrate=\"live\": a VM inside a larger tree"
                + " cannot migrate.\n")
        .contains(
            "# NOT MAPPED: <vm name=\"billing_db\"> domain=\"hosts\": a service attribute, and the"
                + " service's own applies; set it on the service if it should.\n")
        .contains(
            "# NOT MAPPED: <vm name=\"billing_db\"> recovery=\"restart\": a service attribute")
        .contains("# NOT MAPPED: <vm name=\"billing_db\"> use_virsh=\"1\" (virsh or xm)")
        .contains("# TODO: define VirtualMachine billing-db in namespace kvm");
  }

  @Test
  void anUnknownMigrationModeIsReportedAndLeftUnset() {
    assertThat(find(docs, "ClusterService", "odd").at("/spec/resources/0").has("migrate"))
        .isFalse();
    assertThat(yaml)
        .contains(
            "# NOT MAPPED: <vm name=\"odd\"> migrate=\"cold\": rgmanager knows live and pause;"
                + " left unset.\n");
  }

  @Test
  void noVmAttributeIsReportedWithoutAReason() {
    assertThat(yaml).doesNotContainPattern("(?m)^# NOT MAPPED: <vm [^>]*> [a-z_]+=\"[^\"]*\"$");
  }
}
