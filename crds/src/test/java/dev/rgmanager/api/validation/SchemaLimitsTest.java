package dev.rgmanager.api.validation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Tools read the tree's limits from the CRD: three levels, each with its own item limit. */
class SchemaLimitsTest {
  @Test
  void theResourceTreeHasThreeLevels() {
    assertThat(SchemaLimits.maxItems("ClusterService", "spec.resources").orElseThrow())
        .isPositive();
    assertThat(SchemaLimits.maxItems("ClusterService", "spec.resources[].children").orElseThrow())
        .isPositive();
    assertThat(
            SchemaLimits.maxItems(
                "ClusterService", "spec.resources[].children[].children[].children"))
        .hasValue(0);
    assertThat(SchemaLimits.maxItems("HACluster", "spec.nodes[].fenceMethods")).isPresent();
  }

  @Test
  void anUnknownKindIsAnError() {
    assertThatThrownBy(() -> SchemaLimits.maxItems("Pod", "spec.containers"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
