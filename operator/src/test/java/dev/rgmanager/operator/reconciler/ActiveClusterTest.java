package dev.rgmanager.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rgmanager.api.v1alpha1.HACluster;
import java.util.List;
import org.junit.jupiter.api.Test;

class ActiveClusterTest {
  private static HACluster cluster(String name, String created) {
    HACluster c = new HACluster();
    c.getMetadata().setName(name);
    c.getMetadata().setCreationTimestamp(created);
    return c;
  }

  @Test
  void theOldestHAClusterIsTheClusterWhateverItsName() {
    HACluster old = cluster("zz-prod", "2026-01-01T00:00:00Z");
    HACluster newer = cluster("aa-test", "2026-06-01T00:00:00Z");
    assertThat(ActiveCluster.of(List.of(newer, old)).getMetadata().getName()).isEqualTo("zz-prod");
    // Created in the same second: the first by name.
    HACluster twin = cluster("aa-twin", "2026-01-01T00:00:00Z");
    assertThat(ActiveCluster.of(List.of(old, twin)).getMetadata().getName()).isEqualTo("aa-twin");
    assertThat(ActiveCluster.of(List.of())).isNull();
  }
}
