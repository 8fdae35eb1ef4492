package dev.rgmanager.operator.core;

import static dev.rgmanager.operator.core.CoreFixtures.cluster;
import static dev.rgmanager.operator.core.CoreFixtures.domain;
import static dev.rgmanager.operator.core.CoreFixtures.service;
import static dev.rgmanager.operator.core.CoreFixtures.set;
import static dev.rgmanager.operator.core.CoreFixtures.started;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * An operation that names a node is done there or refused with the reason; it never moves the
 * service somewhere else than asked (clusvcadm -r SVC -m NODE).
 */
class NamedNodeOperationsTest {
  private static Decision decide(ServiceFacts s, ClusterView view, Operation op, String node) {
    return ServiceEngine.decide(s, view, Trigger.operation(op, node), Instant.EPOCH);
  }

  @Test
  void relocateToANodeOutsideTheRestrictedDomainIsRefusedWithTheReason() {
    ServiceFacts s = started(service(domain(true, true, false)), "A");
    Decision d = decide(s, cluster(set("A", "B", "C", "D"), s), Operation.RELOCATE, "D");
    assertThat(d).isInstanceOf(Decision.Refuse.class);
    assertThat(d.reason()).contains("D cannot run").contains("does not include D");
  }

  @Test
  void relocateToTheNodeItRunsOnIsRefused() {
    ServiceFacts s = started(service(domain(true, true, false)), "C");
    Decision d = decide(s, cluster(set("A", "B", "C"), s), Operation.RELOCATE, "C");
    assertThat(d).isInstanceOf(Decision.Refuse.class);
    assertThat(d.reason()).contains("already runs on C");
  }

  @Test
  void relocateToAnOfflineNodeIsRefused() {
    ServiceFacts s = started(service(domain(true, true, false)), "A");
    Decision d = decide(s, cluster(set("A", "C"), s), Operation.RELOCATE, "B");
    assertThat(d).isInstanceOf(Decision.Refuse.class);
    assertThat(d.reason()).contains("B");
  }

  @Test
  void relocateToALegalNodeGoesThere() {
    ServiceFacts s = started(service(domain(true, true, false)), "A");
    Decision d = decide(s, cluster(set("A", "B", "C"), s), Operation.RELOCATE, "C");
    assertThat(((Decision.Stop) d).thenNode()).isEqualTo("C");
  }

  @Test
  void enableOnANodeOutsideTheRestrictedDomainSaysWhy() {
    ServiceFacts s =
        service(domain(true, true, false)).withStatus(State.DISABLED, null, null, null);
    Decision d = decide(s, cluster(set("A", "B", "C", "D"), s), Operation.ENABLE, "D");
    assertThat(d).isInstanceOf(Decision.Refuse.class);
    assertThat(d.reason()).contains("does not include D");
  }

  @Test
  void enableOfAServiceWhoseDomainIsMissingIsRefusedSayingSo() {
    ServiceFacts s =
        service(FailoverRules.missing("abc")).withStatus(State.STOPPED, null, null, null);
    Decision d = decide(s, cluster(set("A", "B", "C"), s), Operation.ENABLE, null);
    assertThat(d).isInstanceOf(Decision.Refuse.class);
    assertThat(d.reason()).contains("failover domain abc does not exist").contains("spec.domain");
  }
}
