package dev.rgmanager.plugin.importer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rgmanager.api.validation.ManifestValidator;
import org.junit.jupiter.api.Test;

/** The corners of cluster.conf: missing credentials, odd names, hostile XML. */
class ImportEdgeCasesTest {
  private static String wrap(String body) {
    return "<?xml version=\"1.0\"?><cluster name=\"Edge_Case\" config_version=\"1\">"
        + (body.contains("<clusternodes>")
            ? ""
            : "<clusternodes><clusternode name=\"n1\" nodeid=\"1\"/></clusternodes>")
        + body
        + "</cluster>";
  }

  private static String importAndValidate(String xml) {
    String yaml = ClusterConfImporter.importConf(xml, null).yaml();
    assertThat(ManifestValidator.create().validate("edge", yaml)).isEmpty();
    return yaml;
  }

  @Test
  void ipmiWithoutLoginStillGetsTheSecretTheApiRequires() {
    String yaml =
        importAndValidate(
            wrap(
                "<clusternodes><clusternode name=\"Node_1\" votes=\"1\"><fence><method name=\"1\">"
                    + "<device name=\"BMC_1\"/></method></fence></clusternode></clusternodes>"
                    + "<fencedevices><fencedevice agent=\"fence_ipmilan\" name=\"BMC_1\"/>"
                    + "</fencedevices>"));

    assertThat(yaml)
        .contains("name: edge-case\n")
        .contains("- name: node-1\n")
        .contains("device: bmc-1\n")
        .contains("name: bmc-1-credentials")
        .contains("TODO: cluster.conf gave no ipaddr");
  }

  @Test
  void aLoginEqualToThePasswordIsNotCopied() {
    String yaml =
        importAndValidate(
            wrap(
                "<fencedevices><fencedevice agent=\"fence_wti\" name=\"wti\" ipaddr=\"10.0.0.9\""
                    + " login=\"Zq9secretword\" passwd=\"Zq9secretword\"/></fencedevices>"));

    assertThat(yaml).doesNotContain("Zq9secretword").contains("TODO: set the username too");
  }

  @Test
  void severalScsiDevicesKeepTheFirstAndReportTheRest() {
    String yaml =
        importAndValidate(
            wrap(
                "<fencedevices><fencedevice agent=\"fence_scsi\" name=\"scsi\""
                    + " devices=\"/dev/sdb,/dev/sdc\"/></fencedevices>"));

    assertThat(yaml).contains("devicePath: /dev/sdb").contains("only /dev/sdb was kept");
  }

  @Test
  void aRestartCountWithoutWindowIsReportedNotGuessed() {
    String yaml =
        importAndValidate(
            wrap(
                "<rm><service name=\"s\" max_restarts=\"3\"><script name=\"run\" file=\"/x\"/>"
                    + "</service></rm>"));

    assertThat(yaml).doesNotContain("maxRestarts: ").contains("NOT MAPPED: max_restarts");
  }

  @Test
  void anUnknownDependModeIsReportedAndLeftAtHard() {
    String yaml =
        importAndValidate(
            wrap(
                "<rm><service name=\"db\"><script name=\"db\" file=\"/x\"/></service>"
                    + "<service name=\"web\" depend=\"service:db\" depend_mode=\"strict\">"
                    + "<script name=\"run\" file=\"/x\"/></service></rm>"));

    assertThat(yaml)
        .contains("depend: db")
        .doesNotContain("dependMode:")
        .contains("NOT MAPPED: depend_mode=\"strict\": rgmanager knows hard and soft")
        .doesNotContain("NOT MAPPED: <service name=\"web\"> depend_mode");
  }

  @Test
  void noClusterNodesIsLeftForTheAdministratorAndRefusedByTheSelfCheck() {
    String yaml = ClusterConfImporter.importConf("<cluster name=\"empty\"/>", null).yaml();

    assertThat(yaml)
        .contains("TODO: cluster.conf lists no clusternodes")
        .doesNotContain("nodes: []");
    assertThat(ManifestValidator.create().validate("empty", yaml))
        .extracting(e -> e.field())
        .containsExactly("spec");
  }

  @Test
  void externalEntitiesAreRefused() {
    String xml =
        "<?xml version=\"1.0\"?><!DOCTYPE cluster [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>"
            + "<cluster name=\"&x;\"/>";

    assertThatThrownBy(() -> ClusterConfImporter.importConf(xml, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not well-formed XML")
        .hasMessageNotContaining("root:");
  }

  @Test
  void twoNodeWithThreeNodesIsLeftToTheDefaultsAsCmanWouldRefuseIt() {
    String yaml =
        importAndValidate(
            wrap(
                "<cman two_node=\"1\" expected_votes=\"1\"/><clusternodes>"
                    + "<clusternode name=\"n1\"/><clusternode name=\"n2\"/>"
                    + "<clusternode name=\"n3\"/></clusternodes>"));
    assertThat(yaml).doesNotContain("twoNode: true").doesNotContain("expectedVotes:");
    assertThat(yaml).contains("two_node=\"1\" with 3 clusternodes");
  }

  @Test
  void parametersAdmissionRefusesAreLeftOutWithANote() {
    String yaml =
        importAndValidate(
            wrap(
                "<clusternodes><clusternode name=\"n1\"><fence><method name=\"1\">"
                    + "<device name=\"apc\" port=\"3\" option=\"off\" verbose=\"1\"/>"
                    + "</method></fence></clusternode></clusternodes>"
                    + "<fencedevices><fencedevice agent=\"fence_apc\" name=\"apc\""
                    + " ipaddr=\"10.0.0.5\" port=\"1\" identity_file=\"/root/id\""
                    + " debug=\"1\"/></fencedevices>"));
    assertThat(yaml)
        .contains("ipaddr: \"10.0.0.5\"")
        .contains("port: \"3\"")
        .contains(
            "NOT MAPPED: port (<fencedevice name=\"apc\">): the operator sets the node to act on")
        .contains("NOT MAPPED: identity_file")
        .contains("NOT MAPPED: debug")
        .contains("option=\"off\": mapped to the method's action")
        .contains("NOT MAPPED: verbose")
        .doesNotContain("identity_file: /root");
  }

  @Test
  void aTokenUnderTheMinimumBecomesTwoSeconds() {
    String yaml = importAndValidate(wrap("<totem token=\"500\"/>"));
    assertThat(yaml).contains("tokenTimeout: \"2s\"").contains("under the minimum");
  }
}
