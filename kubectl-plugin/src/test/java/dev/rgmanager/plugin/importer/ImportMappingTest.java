package dev.rgmanager.plugin.importer;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What each cluster.conf section becomes, field by field, and what is reported instead. */
class ImportMappingTest {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private static String yaml(String file) throws IOException {
    return ClusterConfImporter.importConf(ClusterConfImporterTest.conf(file), null).yaml();
  }

  static List<JsonNode> docs(String yaml) throws IOException {
    try (YAMLParser parser = new YAMLFactory().createParser(yaml)) {
      return YAML.readValues(parser, JsonNode.class).readAll();
    }
  }

  static JsonNode find(List<JsonNode> docs, String kind, String name) {
    return docs.stream()
        .filter(d -> d.path("kind").asText().equals(kind))
        .filter(d -> d.at("/metadata/name").asText().equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError(kind + "/" + name + " not in the import"));
  }

  @Test
  void fiveNodeClusterKeepsVotesDomainsAndTheResourceTree() throws IOException {
    String yaml = yaml("five-node-domains.conf");
    List<JsonNode> docs = docs(yaml);

    JsonNode cluster = find(docs, "HACluster", "shop").path("spec");
    assertThat(cluster.path("expectedVotes").asInt()).isEqualTo(6);
    assertThat(cluster.path("tokenTimeout").asText()).isEqualTo("10s");
    assertThat(cluster.path("postJoinDelay").asText()).isEqualTo("20s");
    assertThat(cluster.at("/nodes/0/votes").asInt()).isEqualTo(2);
    JsonNode method = cluster.at("/nodes/0/fenceMethods/0");
    assertThat(method.at("/devices/0/device").asText()).isEqualTo("pdu-a");
    assertThat(method.at("/devices/1/device").asText()).isEqualTo("pdu-b");
    assertThat(method.at("/devices/0/parameters/port").asText()).isEqualTo("1");

    JsonNode pdu = find(docs, "FenceDevice", "pdu-a").path("spec");
    assertThat(pdu.path("agent").asText()).isEqualTo("external");
    assertThat(pdu.path("externalAgent").asText()).isEqualTo("fence_apc");
    assertThat(pdu.path("parameters").has("passwd")).isFalse();
    assertThat(find(docs, "Secret", "pdu-a-credentials").at("/stringData/password").asText())
        .isEqualTo("REPLACE-ME");
    assertThat(find(docs, "FenceDevice", "n3-ipmi").at("/spec/ipmi/address").asText())
        .isEqualTo("10.9.1.3");

    JsonNode db = find(docs, "FailoverDomain", "db").path("spec");
    assertThat(db.path("ordered").asBoolean()).isTrue();
    assertThat(db.path("restricted").asBoolean()).isTrue();
    assertThat(db.at("/members/1/priority").asInt()).isEqualTo(2);

    JsonNode mysql = find(docs, "ClusterService", "mysql").path("spec");
    assertThat(mysql.path("maxRestarts").asInt()).isEqualTo(2);
    assertThat(mysql.path("restartExpireTime").asText()).isEqualTo("600s");
    assertThat(mysql.at("/resources/0/volume/claimName").asText()).isEqualTo("mysqldata");
    assertThat(mysql.at("/resources/0/children/0/ip/ports/0/port").asInt()).isEqualTo(3306);
    assertThat(mysql.at("/resources/0/children/0/children/0/name").asText()).isEqualTo("mysqld");
    JsonNode reports = find(docs, "ClusterService", "reports").path("spec");
    assertThat(reports.path("depend").asText()).isEqualTo("mysql");
    assertThat(reports.path("dependMode").asText()).isEqualTo("soft");
    assertThat(mysql.has("dependMode")).isFalse();

    assertThat(yaml)
        .contains(
            "NOT MAPPED: global resource <nfsclient name=\"webcontent\"> is used by no service.")
        .contains("NOT MAPPED: <ip ref=\"10.9.2.10\"> monitor_link=\"on\"")
        .contains("NOT MAPPED: <rm> central_processing=\"0\"")
        .doesNotContain("depend_mode");
  }

  @Test
  void twoNodeWithQuorumDiskKeepsOneTieBreaker() throws IOException {
    String yaml = yaml("two-node-qdisk.conf");
    JsonNode spec = find(docs(yaml), "HACluster", "dbclus").path("spec");

    assertThat(spec.has("twoNode")).isFalse();
    assertThat(spec.at("/quorumDevice/votes").asInt()).isEqualTo(1);
    assertThat(spec.at("/quorumDevice/timeout").asText()).isEqualTo("10s");
    assertThat(find(docs(yaml), "FenceDevice", "scsi-fence").at("/spec/scsi/devicePath").asText())
        .isEqualTo("/dev/mapper/mpatha");
    assertThat(yaml).contains("NOT MAPPED: <heuristic program=\"ping -c1 -w1 192.168.10.254\">");
  }

  @Test
  void sevenNodeClusterWithVirtualMachines() throws IOException {
    String yaml = yaml("seven-node-vms.conf");
    List<JsonNode> docs = docs(yaml);

    assertThat(find(docs, "HACluster", "virt-prod").at("/spec/nodes")).hasSize(7);
    assertThat(find(docs, "HACluster", "virt-prod").at("/spec/tokenTimeout").asText())
        .isEqualTo("21500ms");
    JsonNode guest = find(docs, "ClusterService", "guest1").path("spec");
    assertThat(guest.at("/resources/0/vm/name").asText()).isEqualTo("guest1");
    assertThat(guest.at("/resources/0/migrate").asText()).isEqualTo("live");
    assertThat(guest.path("domain").asText()).isEqualTo("site-a");
    assertThat(find(docs, "ClusterService", "guest-2").at("/spec/resources/0/migrate").asText())
        .isEqualTo("pause");
    assertThat(find(docs, "FenceDevice", "ilo-a1").at("/spec/agent").asText()).isEqualTo("ipmilan");
    assertThat(find(docs, "FenceDevice", "drac-b1").at("/spec/ipmi/privilegeLevel").asText())
        .isEqualTo("operator");
    assertThat(find(docs, "FenceDevice", "apc-rack-a").at("/spec/parameters").has("community"))
        .isFalse();
    assertThat(docs.stream().filter(d -> d.at("/metadata/name").asText().equals("empty")))
        .isEmpty();

    assertThat(yaml)
        .contains("community=(secret, not shown)")
        .contains("NOT MAPPED: <rsyncd name=\"mirror\">")
        .contains("NOT MAPPED: <nfsexport ref=\"nfs-exports\">")
        .contains("The tree was deeper than 3 levels")
        .contains("NOT MAPPED: <logging> (inside <cluster name=\"virt-prod\">)")
        .contains("NOT MAPPED: <multicast> (inside <cman>)")
        .contains(
            "NOT MAPPED: <altname name=\"node-a1-ring1\"> (inside <clusternode name=\"node-a1.example.com\">)")
        .contains("TODO: domain \"empty\" has no members");
  }
}
