package dev.rgmanager.api.helm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The chart lints clean and renders least-privilege RBAC: no ClusterRole touches Secrets, Secrets
 * are readable (get only) in the listed namespaces only, the custom resources' spec is never
 * written, node patches are held to the out-of-service taint by an admission policy, and the
 * Deployment is "restricted". Skipped, loudly, when no helm binary is found.
 */
class HelmChartTest {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static Helm helm;
  private static String chart;

  @BeforeAll
  static void findHelm() throws IOException {
    Optional<Helm> found = Helm.find();
    helm = found.orElse(null);
    chart = ChartCrdsTest.root().resolve("helm/rgmanager-operator").toString();
  }

  @BeforeEach
  void needsHelm() {
    // Per test, so a missing helm shows as skipped tests in the report, not as nothing at all.
    assumeTrue(helm != null, "no helm binary (set RGM_HELM): the chart is NOT checked");
  }

  private static List<JsonNode> template(String... sets) throws Exception {
    List<String> args =
        new ArrayList<>(
            List.of(
                "template", "rgm", chart, "--namespace", "rgm-system", "--kube-version", "1.34.0"));
    for (String set : sets) {
      args.add("--set");
      args.add(set);
    }
    Helm.Run run = helm.run(args.toArray(String[]::new));
    assertThat(run.exit()).as(run.output()).isZero();
    try (YAMLParser parser = new YAMLFactory().createParser(run.output())) {
      return YAML.readValues(parser, JsonNode.class).readAll().stream()
          .filter(d -> d != null && d.has("kind"))
          .toList();
    }
  }

  private static List<JsonNode> ofKind(List<JsonNode> docs, String kind) {
    return docs.stream().filter(d -> d.path("kind").asText().equals(kind)).toList();
  }

  private static boolean grants(JsonNode rule, String resource) {
    return StreamSupport.stream(rule.path("resources").spliterator(), false)
        .map(JsonNode::asText)
        .anyMatch(r -> r.equals(resource) || r.equals("*"));
  }

  @Test
  void lintIsClean() throws Exception {
    Helm.Run run = helm.run("lint", "--strict", chart);
    assertThat(run.exit()).as(run.output()).isZero();
    assertThat(run.output()).as("lint findings").doesNotContain("[INFO]", "[WARNING]", "[ERROR]");
    Helm.Run narrowed =
        helm.run(
            "lint",
            "--strict",
            chart,
            "--set",
            "watchNamespaces={shop,db}",
            "--set",
            "fencing.secretNamespaces={fencing}");
    assertThat(narrowed.exit()).as(narrowed.output()).isZero();
  }

  @Test
  void theValuesSchemaRefusesAnInvalidNamespace() throws Exception {
    Helm.Run run = helm.run("lint", chart, "--set", "fencing.secretNamespaces={Not_A_Namespace}");
    assertThat(run.exit()).isNotZero();
    assertThat(run.output()).contains("secretNamespaces");
  }

  @Test
  void noClusterWideSecretAccessAndNoWildcards() throws Exception {
    List<JsonNode> docs = template();
    for (JsonNode role : ofKind(docs, "ClusterRole")) {
      for (JsonNode rule : role.path("rules")) {
        assertThat(grants(rule, "secrets")).as("ClusterRole rule %s", rule).isFalse();
        assertThat(rule.path("verbs").toString()).doesNotContain("\"*\"");
        assertThat(rule.path("apiGroups").toString()).doesNotContain("\"*\"");
      }
    }
    List<JsonNode> secretRoles =
        ofKind(docs, "Role").stream()
            .filter(
                r ->
                    StreamSupport.stream(r.path("rules").spliterator(), false)
                        .anyMatch(x -> grants(x, "secrets")))
            .toList();
    assertThat(secretRoles)
        .extracting(r -> r.at("/metadata/namespace").asText())
        .containsExactly("rgm-system");
    assertThat(secretRoles.get(0).path("rules")).hasSize(1);
    assertThat(secretRoles.get(0).at("/rules/0/verbs").toString()).isEqualTo("[\"get\"]");
  }

  @Test
  void secretsAreReadableOnlyInTheListedNamespaces() throws Exception {
    List<JsonNode> docs = template("fencing.secretNamespaces={fencing,storage}");
    List<String> namespaces =
        ofKind(docs, "Role").stream()
            .filter(
                r ->
                    StreamSupport.stream(r.path("rules").spliterator(), false)
                        .anyMatch(x -> grants(x, "secrets")))
            .map(r -> r.at("/metadata/namespace").asText())
            .toList();
    assertThat(namespaces).containsExactly("fencing", "storage");
  }

  @Test
  void watchNamespacesMoveWorkloadGrantsIntoRoles() throws Exception {
    List<JsonNode> docs = template("watchNamespaces={shop,db}");
    for (JsonNode role : ofKind(docs, "ClusterRole")) {
      for (JsonNode rule : role.path("rules")) {
        assertThat(grants(rule, "pods")).isFalse();
      }
    }
    assertThat(
            ofKind(docs, "Role").stream()
                .filter(r -> r.at("/metadata/name").asText().endsWith("-workloads")))
        .extracting(r -> r.at("/metadata/namespace").asText())
        .containsExactly("shop", "db");
    JsonNode env = ofKind(docs, "Deployment").get(0).at("/spec/template/spec/containers/0/env");
    assertThat(env.toString())
        .contains("{\"name\":\"QUARKUS_OPERATOR_SDK_NAMESPACES\",\"value\":\"shop,db\"}");
  }

  @Test
  void deploymentIsRestrictedHighlyAvailableAndProbed() throws Exception {
    JsonNode deployment = ofKind(template(), "Deployment").get(0);
    JsonNode pod = deployment.at("/spec/template/spec");
    JsonNode container = pod.at("/containers/0");

    assertThat(deployment.at("/spec/replicas").asInt()).isEqualTo(2);
    assertThat(pod.at("/securityContext/runAsNonRoot").asBoolean()).isTrue();
    assertThat(pod.at("/securityContext/seccompProfile/type").asText()).isEqualTo("RuntimeDefault");
    JsonNode security = container.path("securityContext");
    assertThat(security.path("allowPrivilegeEscalation").asBoolean(true)).isFalse();
    assertThat(security.path("readOnlyRootFilesystem").asBoolean()).isTrue();
    assertThat(security.at("/capabilities/drop").toString()).isEqualTo("[\"ALL\"]");
    assertThat(container.at("/livenessProbe/httpGet/path").asText()).isEqualTo("/q/health/live");
    assertThat(container.at("/readinessProbe/httpGet/path").asText()).isEqualTo("/q/health/ready");
    assertThat(container.at("/ports/0/containerPort").asInt()).isEqualTo(8080);
    assertThat(container.at("/resources/requests/memory").asText()).isNotEmpty();
    assertThat(container.path("env").toString())
        .contains("RGMANAGER_LEADER_ELECTION_LEASE_NAMESPACE");
  }

  /** The verbs the ClusterRoles grant on {@code resource} of {@code group}, all rules together. */
  private static List<String> verbsOn(List<JsonNode> docs, String group, String resource) {
    return ofKind(docs, "ClusterRole").stream()
        .flatMap(r -> StreamSupport.stream(r.path("rules").spliterator(), false))
        .filter(
            rule ->
                StreamSupport.stream(rule.path("apiGroups").spliterator(), false)
                    .anyMatch(g -> g.asText().equals(group)))
        .filter(rule -> grants(rule, resource))
        .flatMap(rule -> StreamSupport.stream(rule.path("verbs").spliterator(), false))
        .map(JsonNode::asText)
        .distinct()
        .toList();
  }

  @Test
  void theOperatorWritesOnlyStatusAndTheClusterServiceFinalizer() throws Exception {
    for (String[] sets : List.of(new String[0], new String[] {"watchNamespaces={shop,db}"})) {
      List<JsonNode> docs = template(sets);
      for (String kind : List.of("haclusters", "fencedevices", "failoverdomains")) {
        assertThat(verbsOn(docs, "rgmanager.dev", kind))
            .as("%s: read only, its spec and metadata are the user's", kind)
            .containsExactlyInAnyOrder("get", "list", "watch");
        assertThat(verbsOn(docs, "rgmanager.dev", kind + "/status"))
            .containsExactlyInAnyOrder("get", "patch");
        assertThat(verbsOn(docs, "rgmanager.dev", kind + "/finalizers")).isEmpty();
      }
      // The finalizer is added and removed by patch; nothing is ever replaced whole.
      assertThat(verbsOn(docs, "rgmanager.dev", "clusterservices"))
          .containsExactlyInAnyOrder("get", "list", "watch", "patch");
      assertThat(verbsOn(docs, "rgmanager.dev", "clusterservices/status"))
          .containsExactlyInAnyOrder("get", "patch");
      assertThat(verbsOn(docs, "rgmanager.dev", "clusterservices/finalizers"))
          .containsExactly("update");
      assertThat(verbsOn(docs, "", "nodes"))
          .containsExactlyInAnyOrder("get", "list", "watch", "patch");
    }
  }

  @Test
  void theNodeTaintPolicyIsBoundToTheOperatorsServiceAccount() throws Exception {
    List<JsonNode> docs = template();
    List<JsonNode> policies = ofKind(docs, "ValidatingAdmissionPolicy");
    List<JsonNode> bindings = ofKind(docs, "ValidatingAdmissionPolicyBinding");
    assertThat(policies).hasSize(1);
    assertThat(bindings).hasSize(1);
    JsonNode policy = policies.get(0);
    assertThat(policy.path("apiVersion").asText()).isEqualTo("admissionregistration.k8s.io/v1");
    assertThat(bindings.get(0).at("/spec/policyName").asText())
        .isEqualTo(policy.at("/metadata/name").asText());
    assertThat(bindings.get(0).at("/spec/validationActions").toString()).isEqualTo("[\"Deny\"]");
    assertThat(policy.at("/spec/failurePolicy").asText()).isEqualTo("Fail");
    JsonNode rule = policy.at("/spec/matchConstraints/resourceRules/0");
    assertThat(rule.path("resources").toString()).isEqualTo("[\"nodes\"]");
    assertThat(rule.path("operations").toString()).isEqualTo("[\"UPDATE\"]");
    assertThat(policy.at("/spec/matchConditions/0/expression").asText())
        .isEqualTo(
            "request.userInfo.username =="
                + " 'system:serviceaccount:rgm-system:rgm-rgmanager-operator'");
    String sa = ofKind(docs, "ServiceAccount").get(0).at("/metadata/name").asText();
    assertThat(policy.at("/spec/matchConditions/0/expression").asText()).endsWith(":" + sa + "'");
    assertThat(policy.at("/spec/validations").toString())
        .contains("node.kubernetes.io/out-of-service", "NoExecute", "labels", "unschedulable");

    JsonNode own =
        ofKind(
                template("serviceAccount.create=false", "serviceAccount.name=ha-operator"),
                "ValidatingAdmissionPolicy")
            .get(0);
    assertThat(own.at("/spec/matchConditions/0/expression").asText())
        .endsWith("'system:serviceaccount:rgm-system:ha-operator'");

    List<JsonNode> off = template("nodeTaintPolicy.enabled=false");
    assertThat(ofKind(off, "ValidatingAdmissionPolicy")).isEmpty();
    assertThat(ofKind(off, "ValidatingAdmissionPolicyBinding")).isEmpty();
  }

  @Test
  void metricsServiceSelectsTheOperator() throws Exception {
    List<JsonNode> services = ofKind(template(), "Service");
    assertThat(services).hasSize(1);
    assertThat(services.get(0).at("/spec/ports/0/port").asInt()).isEqualTo(8080);
    assertThat(services.get(0).at("/metadata/annotations/prometheus.io~1path").asText())
        .isEqualTo("/q/metrics");
  }
}
