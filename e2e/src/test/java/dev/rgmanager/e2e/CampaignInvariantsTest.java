package dev.rgmanager.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rgmanager.e2e.ProcessWatcher.Sample;
import dev.rgmanager.e2e.ProcessWatcher.Seen;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The campaign's invariants catch what they are there for, and only that. */
class CampaignInvariantsTest {
  private static final Instant T0 = Instant.parse("2026-12-02T08:00:00Z");

  private static Sample at(int second, Seen... seen) {
    return new Sample(T0.plusSeconds(second), List.of(seen));
  }

  private static Seen server(String node, String pod) {
    return new Seen(100, node, pod, true);
  }

  @Test
  void twoPodsHoldingTheDataAtOnceIsCaughtAFrozenOneIncluded() {
    Seen frozen = new Seen(7, "node-1", "pod-a", false);
    List<Sample> round =
        List.of(
            at(0, server("node-1", "pod-a")),
            at(1, frozen, server("node-2", "pod-b")),
            at(2, server("node-2", "pod-b")));
    assertThat(CampaignInvariants.twoServers(round)).contains(round.get(1));
  }

  @Test
  void oneServerWithManyProcessesIsNoViolation() {
    List<Sample> round =
        List.of(at(0, server("node-1", "pod-a"), new Seen(101, "node-1", "pod-a", true)));
    assertThat(CampaignInvariants.twoServers(round)).isEmpty();
  }

  @Test
  void aServerElsewhereBeforeTheOwnerWasFencedIsCaught() {
    List<Sample> round =
        List.of(at(0, server("node-1", "pod-a")), at(3, server("node-2", "pod-b")));
    assertThat(CampaignInvariants.startedBeforeFencing(round, "node-1", T0.plusSeconds(5)))
        .contains(round.get(1));
  }

  @Test
  void aServerElsewhereAfterTheFencingIsTheFailover() {
    List<Sample> round =
        List.of(at(0, server("node-1", "pod-a")), at(4), at(6, server("node-2", "pod-b")));
    assertThat(CampaignInvariants.startedBeforeFencing(round, "node-1", T0.plusSeconds(5)))
        .isEmpty();
  }
}
