package dev.rgmanager.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rgmanager.api.v1alpha1.Condition;
import dev.rgmanager.api.v1alpha1.DomainMember;
import dev.rgmanager.api.v1alpha1.HACluster;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A FailoverDomain that lists a node the cluster does not have says so (Valid=False). */
class DomainValidityTest {
  private static final HACluster CLUSTER =
      Serialization.unmarshal(
          """
          apiVersion: rgmanager.dev/v1alpha1
          kind: HACluster
          metadata: {name: ha}
          spec:
            nodes: [{name: node-1}, {name: node-2}]
          """,
          HACluster.class);

  @Test
  void aNodeThatIsNoClusterMemberIsNamedWithTheFix() {
    Condition c =
        FailoverDomainReconciler.validity(
            CLUSTER,
            List.of(new DomainMember("node-1", 1), new DomainMember("node-9", 2)),
            List.of(),
            1);
    assertThat(c.status()).isEqualTo("False");
    assertThat(c.reason()).isEqualTo("NotAClusterMember");
    assertThat(c.message()).startsWith("node-9 is listed").contains("HACluster ha");
  }

  @Test
  void membersOfTheClusterAreValid() {
    Condition c =
        FailoverDomainReconciler.validity(
            CLUSTER, List.of(new DomainMember("node-2", 1)), List.of(), 1);
    assertThat(c.status()).isEqualTo("True");
  }

  @Test
  void withoutAClusterNothingIsClaimed() {
    assertThat(
            FailoverDomainReconciler.validity(
                null, List.of(new DomainMember("node-9", 1)), List.of(), 1))
        .isNull();
  }
}
