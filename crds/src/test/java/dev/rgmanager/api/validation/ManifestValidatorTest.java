package dev.rgmanager.api.validation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How the validator reads multi-document files and words what it refuses. */
class ManifestValidatorTest {
  private static final ManifestValidator VALIDATOR = ManifestValidator.create();

  private static final String DOMAIN =
      """
      apiVersion: rgmanager.dev/v1alpha1
      kind: FailoverDomain
      metadata:
        name: web
      spec:
        members:
          - node: n1
      """;

  @Test
  void everyCelRuleOfTheCommittedCrdsCompiles() {
    CelRules rules = new CelRules();
    int count = 0;
    for (CrdCatalog.Kind kind : CrdCatalog.packaged().kinds()) {
      count += rules.compileAll(kind.schema());
    }
    assertThat(count).as("CEL rules in the CRDs").isGreaterThanOrEqualTo(20);
  }

  @Test
  void namesTheDocumentOfAMultiDocumentFile() {
    String text =
        """
        apiVersion: v1
        kind: Secret
        metadata:
          name: creds
        stringData:
          password: hunter2
        ---
        """
            + DOMAIN
            + "---\n"
            + DOMAIN.replace("node: n1", "node: n1\n      priority: 0");

    List<ManifestError> errors = VALIDATOR.validate("all.yaml", text);

    assertThat(errors).hasSize(1);
    assertThat(errors.get(0).toString())
        .isEqualTo(
            "all.yaml (document 3, FailoverDomain/web): spec.members[0].priority: Invalid value: 0:"
                + " spec.members[0].priority in body should be greater than or equal to 1");
  }

  @Test
  void unknownFieldsAreRefusedAsStrictFieldValidationDoes() {
    List<ManifestError> errors =
        VALIDATOR.validate("f.yaml", DOMAIN.replace("spec:\n", "spec:\n  orderd: true\n"));

    assertThat(errors).extracting(ManifestError::field).containsExactly("spec.orderd");
    assertThat(errors.get(0).message()).isEqualTo("unknown field \"spec.orderd\"");
  }

  @Test
  void defaultsApplyBeforeRulesAndMapsAreNotUnknownFields() {
    String device =
        """
        apiVersion: rgmanager.dev/v1alpha1
        kind: FenceDevice
        metadata:
          name: pdu
        spec:
          agent: external
          externalAgent: fence_apc
          parameters:
            ipaddr: 10.0.0.2
            passwd: x
        """;

    List<ManifestError> errors = VALIDATOR.validate("pdu.yaml", device);

    assertThat(errors).extracting(ManifestError::field).containsExactly("spec.parameters");
    assertThat(errors.get(0).message()).contains("must not carry a password");
  }

  @Test
  void listTypeMapRepeatsAreDuplicateValuesAtTheSecondAppearance() {
    JsonNode schema =
        json(
            "{\"type\":\"array\",\"x-kubernetes-list-type\":\"map\","
                + "\"x-kubernetes-list-map-keys\":[\"node\"],"
                + "\"items\":{\"type\":\"object\",\"properties\":{\"node\":{\"type\":\"string\"}}}}");
    JsonNode members =
        json("[{\"node\":\"a\"},{\"node\":\"b\"},{\"node\":\"a\"},{\"node\":\"a\"}]");
    List<FieldError> errors = new ArrayList<>();

    new StructuralValidator().validate(members, schema, "spec.members", errors);

    assertThat(errors)
        .containsExactly(
            new FieldError(
                "spec.members[2]", "Duplicate value: map[string]interface {}{\"node\":\"a\"}"));
  }

  @Test
  void listTypeSetRepeatsAreDuplicateValues() {
    JsonNode schema =
        json(
            "{\"type\":\"array\",\"x-kubernetes-list-type\":\"set\",\"items\":{\"type\":\"string\"}}");
    List<FieldError> errors = new ArrayList<>();

    new StructuralValidator().validate(json("[\"x\",\"y\",\"x\"]"), schema, "spec.tags", errors);

    assertThat(errors).containsExactly(new FieldError("spec.tags[2]", "Duplicate value: \"x\""));
  }

  private static JsonNode json(String text) {
    try {
      return new ObjectMapper().readTree(text);
    } catch (Exception e) {
      throw new IllegalArgumentException(e);
    }
  }

  @Test
  void statusIsIgnoredAsTheApiServerDropsItOnCreate() {
    String exported = DOMAIN + "status:\n  onlineMembers: lots\n";

    assertThat(VALIDATOR.validate("exported.yaml", exported)).isEmpty();
  }

  @Test
  void anUnservedVersionOfOurGroupIsRefused() {
    List<ManifestError> errors = VALIDATOR.validate("v.yaml", DOMAIN.replace("v1alpha1", "v1"));

    assertThat(errors)
        .extracting(ManifestError::message)
        .containsExactly("no matches for kind \"FailoverDomain\" in version \"rgmanager.dev/v1\"");
  }

  @Test
  void missingAndInvalidNamesAreRefused() {
    assertThat(VALIDATOR.validate("n.yaml", DOMAIN.replace("name: web", "name: Web_1")))
        .extracting(ManifestError::field)
        .containsExactly("metadata.name");
    assertThat(
            VALIDATOR.validate(
                "n.yaml", DOMAIN.replace("  name: web\n", "  name: web\n  namespace: Shop\n")))
        .extracting(ManifestError::field)
        .containsExactly("metadata.namespace");
    assertThat(VALIDATOR.validate("n.yaml", DOMAIN.replace("  name: web\n", "  labels: {}\n")))
        .extracting(ManifestError::message)
        .containsExactly("Required value: name or generateName is required");
  }

  @Test
  void duplicateKeysAndBrokenYamlAreOneError() {
    List<ManifestError> duplicate =
        VALIDATOR.validate(
            "d.yaml", DOMAIN.replace("spec:\n", "spec:\n  ordered: true\n  ordered: false\n"));
    assertThat(duplicate)
        .singleElement()
        .satisfies(e -> assertThat(e.message()).contains("Duplicate"));

    List<ManifestError> broken = VALIDATOR.validate("b.yaml", "kind: [unclosed\n");
    assertThat(broken)
        .singleElement()
        .satisfies(e -> assertThat(e.message()).startsWith("error parsing YAML"));
  }

  @Test
  void ruleMessagesAreNotDrownedByTypeErrorsElsewhere() {
    String service =
        """
        apiVersion: rgmanager.dev/v1alpha1
        kind: ClusterService
        metadata:
          name: s
        spec:
          maxRestarts: 3
          recovery: sometimes
          resources:
            - name: a
              vm:
                name: guest
              migrate: live
        """;

    assertThat(VALIDATOR.validate("s.yaml", service))
        .extracting(ManifestError::field)
        .containsExactly("spec.recovery");
  }
}
