package dev.rgmanager.operator.reconciler.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rgmanager.api.v1alpha1.FailoverDomain;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A service's domain priorities come from the members its domain resolved, and from the named
 * members while the domain has recorded nothing yet: an empty status is "not resolved", not "no
 * member".
 */
class DomainRulesMappingTest {
  private static final String DOMAIN =
      "kind: FailoverDomain\napiVersion: rgmanager.dev/v1alpha1\nmetadata: {name: db, namespace: ha}\n"
          + "spec: {ordered: true, members: [{node: node-1, priority: 1}, {node: node-2, priority:"
          + " 2}]}\n";

  /** The domain with {@code status} (a YAML line), or none. */
  private static FailoverDomain domain(String status) {
    return Serialization.unmarshal(DOMAIN + status, FailoverDomain.class);
  }

  @Test
  void aNewDomainOffersItsNamedMembers() {
    assertThat(CoreMapping.rules(domain(""), "db").priorities())
        .isEqualTo(Map.of("node-1", 1, "node-2", 2));
    assertThat(CoreMapping.rules(domain("status: {}"), "db").priorities())
        .isEqualTo(Map.of("node-1", 1, "node-2", 2));
  }

  @Test
  void aResolvedDomainOffersWhatItResolved() {
    String resolved =
        "status: {observedGeneration: 1, resolvedMembers: [{node: node-3, priority: 1}]}";
    assertThat(CoreMapping.rules(domain(resolved), "db").priorities())
        .isEqualTo(Map.of("node-3", 1));
  }

  @Test
  void aDomainResolvedToNoMemberOffersNone() {
    assertThat(CoreMapping.rules(domain("status: {observedGeneration: 1}"), "db").priorities())
        .isEmpty();
  }
}
