package dev.rgmanager.plugin.importer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rgmanager.api.validation.ManifestValidator;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Any cluster.conf made of rgmanager's vocabulary (odd names, deep and wide trees, unknown agents
 * and resource types, quorum disks) imports to manifests that pass admission, and no password
 * reaches them.
 */
class ImportPropertiesTest {
  private static final ManifestValidator VALIDATOR = ManifestValidator.create();

  /** Every generated password carries this marker, so a leak is easy to see. */
  private static final String SECRET_MARK = "Pw0rdZ";

  @Property(tries = 100)
  void everyImportValidatesAndCarriesNoPassword(@ForAll("clusterConfs") String xml) {
    String yaml = ClusterConfImporter.importConf(xml, null).yaml();

    assertThat(VALIDATOR.validate("generated", yaml)).as(xml).isEmpty();
    assertThat(yaml).as(xml).doesNotContain(SECRET_MARK);
    assertThat(ClusterConfImporter.importConf(xml, null).yaml()).isEqualTo(yaml);
  }

  @Provide
  Arbitrary<String> clusterConfs() {
    Arbitrary<String> name =
        Arbitraries.of("Web_1", "db.example.com", "n-1", "A", "node9", "x_y.z");
    Arbitrary<String> password =
        Arbitraries.strings()
            .alpha()
            .numeric()
            .ofMinLength(1)
            .ofMaxLength(10)
            .map(p -> SECRET_MARK + p);
    Arbitrary<Integer> nodeCount = Arbitraries.integers().between(1, 7);
    Arbitrary<String> agent =
        Arbitraries.of(
            "fence_ipmilan",
            "fence_ilo4",
            "fence_scsi",
            "fence_apc",
            "fence_virsh",
            "/sbin/Fence-Odd");
    Arbitrary<List<String>> trees = tree(0).list().ofMaxSize(6);
    return Combinators.combine(
            name,
            nodeCount,
            agent.list().ofMinSize(1).ofMaxSize(4),
            password,
            trees,
            Arbitraries.of(0, 1, 2))
        .as(
            (cluster, nodes, agents, secret, services, tieBreaker) ->
                conf(cluster, nodes, agents, secret, services, tieBreaker));
  }

  private static Arbitrary<String> tree(int depth) {
    Arbitrary<String> tag =
        Arbitraries.of(
            "fs", "ip", "script", "nfsexport", "apache", "vm", "lvm", "mystery", "action");
    Arbitrary<String> label = Arbitraries.of("data", "Data_2", "10.0.0.1", "httpd", "x", "guest_1");
    if (depth >= 5) {
      return Combinators.combine(tag, label).as((t, l) -> element(t, l, ""));
    }
    return Combinators.combine(
            tag,
            label,
            Arbitraries.lazy(() -> tree(depth + 1)).list().ofMaxSize(depth == 0 ? 20 : 4))
        .as((t, l, children) -> element(t, l, String.join("", children)));
  }

  private static String element(String tag, String label, String children) {
    String key = tag.equals("ip") ? "address" : "name";
    String extra =
        tag.equals("vm")
            ? " migrate=\"live\""
            : tag.equals("fs") ? " mountpoint=\"/srv\" device=\"/dev/sdx\"" : "";
    return "<"
        + tag
        + " "
        + key
        + "=\""
        + label
        + "\""
        + extra
        + " flavour=\"odd\">"
        + children
        + "</"
        + tag
        + ">";
  }

  private static String conf(
      String cluster,
      int nodes,
      List<String> agents,
      String secret,
      List<String> services,
      int tieBreaker) {
    StringBuilder xml =
        new StringBuilder(
            "<?xml version=\"1.0\"?><cluster name=\"" + cluster + "\" config_version=\"3\">");
    xml.append(
        tieBreaker == 1
            ? "<cman two_node=\"1\" expected_votes=\"1\"/>"
            : "<cman expected_votes=\"" + (nodes + 1) + "\"/>");
    if (tieBreaker == 2) {
      xml.append(
          "<quorumd votes=\"1\" interval=\"2\" tko=\"5\" label=\"q\"><heuristic program=\"true\" score=\"1\"/></quorumd>");
    }
    xml.append("<totem token=\"12500\"/><fence_daemon post_join_delay=\"9\"/><clusternodes>");
    for (int n = 1; n <= nodes; n++) {
      xml.append("<clusternode name=\"Node_")
          .append(n)
          .append("\" nodeid=\"")
          .append(n)
          .append("\" votes=\"1\"><fence>");
      for (int d = 0; d < agents.size(); d++) {
        xml.append("<method name=\"m")
            .append(d % 2)
            .append("\"><device name=\"dev")
            .append(d)
            .append("\" port=\"")
            .append(n)
            .append("\" passwd=\"")
            .append(secret)
            .append("\"/></method>");
      }
      xml.append("</fence></clusternode>");
    }
    xml.append("</clusternodes><fencedevices>");
    for (int d = 0; d < agents.size(); d++) {
      xml.append("<fencedevice name=\"dev")
          .append(d)
          .append("\" agent=\"")
          .append(agents.get(d))
          .append("\" ipaddr=\"10.1.0.")
          .append(d)
          .append("\" login=\"")
          .append(d % 2 == 0 ? secret : "admin")
          .append("\" passwd=\"")
          .append(secret)
          .append("\" community=\"")
          .append(secret)
          .append("\" devices=\"/dev/sd")
          .append((char) ('b' + d))
          .append(",/dev/sdz\"/>");
    }
    xml.append("</fencedevices><rm><failoverdomains>");
    xml.append("<failoverdomain name=\"Pref\" ordered=\"1\" restricted=\"1\">");
    for (int n = 1; n <= nodes; n++) {
      xml.append("<failoverdomainnode name=\"Node_")
          .append(n)
          .append("\" priority=\"")
          .append(n * 30)
          .append("\"/>");
    }
    xml.append(
        "<failoverdomainnode name=\"node-1\"/></failoverdomain><failoverdomain name=\"empty\"/></failoverdomains>");
    for (int s = 0; s < services.size(); s++) {
      String body = services.get(s);
      String domain = s % 3 == 0 ? "Pref" : s % 3 == 1 ? "empty" : "missing";
      xml.append("<service name=\"svc_")
          .append(s)
          .append("\" domain=\"")
          .append(domain)
          .append("\" recovery=\"relocate\" max_restarts=\"")
          .append(s)
          .append("\" restart_expire_time=\"")
          .append(s % 2 * 60)
          .append("\">")
          .append(body)
          .append("</service>");
    }
    xml.append("<vm name=\"Guest_VM\" migrate=\"pause\" autostart=\"0\"/></rm></cluster>");
    return xml.toString();
  }
}
