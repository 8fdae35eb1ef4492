package dev.rgmanager.plugin.importer;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import dev.rgmanager.api.validation.ManifestValidator;
import dev.rgmanager.fence.ParameterPolicy;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A cluster.conf option= or action= never becomes an agent parameter: off and reboot are mapped to
 * what a method does (power off, verified), anything else is reported as not mapped; attributes the
 * agents refuse (victim on a device, programs and files) are reported, not carried.
 */
class ImportFenceActionTest {
  private static final String CONF =
      "<?xml version=\"1.0\"?><cluster name=\"shop\" config_version=\"1\">"
          + "<clusternodes><clusternode name=\"n1\" nodeid=\"1\"><fence><method name=\"1\">"
          + "<device name=\"pdu-a\" port=\"3\" option=\"on\"/>"
          + "<device name=\"pdu-b\" port=\"4\" action=\"reboot\" ipmitool_path=\"/tmp/x\"/>"
          + "</method></fence></clusternode></clusternodes>"
          + "<fencedevices>"
          + "<fencedevice agent=\"fence_apc\" name=\"pdu-a\" ipaddr=\"10.0.0.5\" option=\"on\""
          + " port=\"9\" ssh_path=\"/tmp/evil\" debug_file=\"/tmp/d\"/>"
          + "<fencedevice agent=\"fence_apc\" name=\"pdu-b\" ipaddr=\"10.0.0.6\" action=\"off\""
          + " identity_file=\"/root/.ssh/id_rsa\" login_timeout=\"10\"/>"
          + "</fencedevices></cluster>";

  private static List<JsonNode> docs(String yaml) throws Exception {
    try (YAMLParser parser = new YAMLFactory().createParser(yaml)) {
      return new ObjectMapper(new YAMLFactory()).readValues(parser, JsonNode.class).readAll();
    }
  }

  private static JsonNode device(List<JsonNode> docs, String name) {
    return docs.stream()
        .filter(d -> d.path("kind").asText().equals("FenceDevice"))
        .filter(d -> d.at("/metadata/name").asText().equals(name))
        .findFirst()
        .orElseThrow();
  }

  private static Map<String, String> parameters(JsonNode node) {
    Map<String, String> p = new LinkedHashMap<>();
    node.fields().forEachRemaining(e -> p.put(e.getKey(), e.getValue().asText()));
    return p;
  }

  @Test
  void optionAndActionAreMappedOrReportedAndNeverCarriedIntoParameters() throws Exception {
    String yaml = ClusterConfImporter.importConf(CONF, null).yaml();
    assertThat(ManifestValidator.create().validate("import", yaml)).isEmpty();
    List<JsonNode> docs = docs(yaml);

    Map<String, String> a = parameters(device(docs, "pdu-a").at("/spec/parameters"));
    Map<String, String> b = parameters(device(docs, "pdu-b").at("/spec/parameters"));
    assertThat(a).containsOnlyKeys("ipaddr");
    assertThat(b).containsOnlyKeys("ipaddr", "login_timeout");
    assertThat(yaml)
        .contains("NOT MAPPED: <fencedevice name=\"pdu-a\"")
        .contains("option=\"on\": the operator always fences with off and verifies it")
        .contains("action=\"off\": mapped to the method's action: the operator powers the node off")
        .contains("NOT MAPPED: port (")
        .contains("put plug (or port) in each node's fence method device parameters")
        .contains("NOT MAPPED: ssh_path (")
        .contains("NOT MAPPED: debug_file (")
        .contains("NOT MAPPED: identity_file (");

    JsonNode uses =
        docs.stream()
            .filter(d -> d.path("kind").asText().equals("HACluster"))
            .findFirst()
            .orElseThrow()
            .at("/spec/nodes/0/fenceMethods/0/devices");
    assertThat(parameters(uses.at("/0/parameters"))).containsExactly(Map.entry("port", "3"));
    assertThat(parameters(uses.at("/1/parameters"))).containsExactly(Map.entry("port", "4"));
    assertThat(yaml)
        .contains("NOT MAPPED: option=\"on\"")
        .contains("action=\"reboot\": mapped to the method's action, off")
        .contains("NOT MAPPED: ipmitool_path:");

    // What the import carries, the agents accept.
    ParameterPolicy.checkConfigured(a);
    ParameterPolicy.checkConfigured(b);
  }
}
