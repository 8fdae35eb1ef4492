package dev.rgmanager.operator.inprocess;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rgmanager.api.v1alpha1.MemberState;
import org.junit.jupiter.api.Test;

/** A service on its domain's best node; its node lost, fenced, the service moved and back. */
@ReconcilerTest
class FailoverReconcilerTest {
  @Test
  void aServiceStartsOnItsDomainsBestNode(LiveCluster live) {
    live.apply(
        Manifests.cluster(true)
            + Manifests.orderedDomain("abc")
            + Manifests.appService("foo", "abc"));
    Await.until("foo started on node-1", () -> live.where("foo"), "STARTED@node-1"::equals);
    assertThat(live.podNodes("foo")).containsExactly("node-1");
    assertThat(live.member("node-1").state()).isEqualTo(MemberState.ONLINE);
  }
}
