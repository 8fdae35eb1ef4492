package dev.rgmanager.operator.membership;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class HeartbeatObservationsTest {
  private static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");
  private static final Duration TOKEN = Duration.ofSeconds(10);
  private final HeartbeatObservations seen = new HeartbeatObservations();

  private boolean heartbeating(Instant renewTime, Instant now) {
    Instant at = seen.observe("a", renewTime, now);
    return Liveness.heartbeating(new NodeFacts("a", true, at, "True"), TOKEN, now);
  }

  @Test
  void aNodeWhoseClockIsMinutesBehindIsAliveWhileItRenews() {
    Instant skewed = NOW.minus(Duration.ofMinutes(7));
    for (int i = 0; i < 30; i++) {
      assertThat(heartbeating(skewed.plusSeconds(i), NOW.plusSeconds(i))).isTrue();
    }
  }

  @Test
  void aNodeWhoseClockIsMinutesAheadIsLostOnceItStopsRenewing() {
    Instant ahead = NOW.plus(Duration.ofMinutes(7));
    assertThat(heartbeating(ahead, NOW)).isTrue();
    assertThat(heartbeating(ahead, NOW.plusSeconds(10))).isTrue();
    // Its renewTime claims to be minutes in the future, but it has not changed for 11 s.
    assertThat(heartbeating(ahead, NOW.plusSeconds(11))).isFalse();
  }

  /**
   * Seed 16, round 2 of the fault campaign: the store (etcd) paused for longer than the token while
   * node-2 hung. Every heartbeat aged at once; once the store ran again, node-1's renewal arrived
   * before node-3's, and node-3 was judged lost although it was healthy. Now the store's silence is
   * not counted: node-3 has a whole token from the resumption to renew, node-2 (really gone) is
   * judged lost a token after it.
   */
  @Test
  void aStallOfTheStoreIsNotCountedAgainstAnyMember() {
    seen.tokenTimeout(TOKEN);
    Instant t = NOW;
    for (int i = 0; i < 3; i++, t = t.plusSeconds(2)) {
      for (String n : new String[] {"node-1", "node-2", "node-3"}) {
        seen.observe(n, t, t);
      }
    }
    Instant lastBeforeStall = t.minusSeconds(2);
    // node-2 hangs; then the store pauses: nobody renews for 14 s (more than the 10 s token).
    Instant during = lastBeforeStall.plusSeconds(12);
    assertThat(seen.stalled(during)).as("no member renewed for more than a token").isTrue();
    Instant resumed = lastBeforeStall.plusSeconds(14);
    seen.observe("node-1", resumed, resumed);
    assertThat(seen.stalled(resumed)).isFalse();
    Instant judged = resumed.plusSeconds(1);
    Instant node3 = seen.heartbeat(seen.observe("node-3", lastBeforeStall, judged));
    assertThat(Liveness.heartbeating(new NodeFacts("node-3", true, node3, "True"), TOKEN, judged))
        .as("node-3 has not renewed yet, but the stall is not its silence")
        .isTrue();
    seen.observe("node-3", resumed.plusSeconds(2), resumed.plusSeconds(2));
    Instant node2 =
        seen.heartbeat(seen.observe("node-2", lastBeforeStall, resumed.plusSeconds(11)));
    assertThat(
            Liveness.heartbeating(
                new NodeFacts("node-2", true, node2, "True"), TOKEN, resumed.plusSeconds(11)))
        .as("node-2, which really stopped, is lost a token after the store came back")
        .isFalse();
  }

  @Test
  void oneMemberThatStopsWhileTheOthersRenewIsNoStall() {
    seen.tokenTimeout(TOKEN);
    for (int i = 0; i < 20; i++) {
      Instant t = NOW.plusSeconds(i);
      seen.observe("node-1", t, t);
      if (i < 3) {
        seen.observe("node-2", t, t);
      }
    }
    Instant later = NOW.plusSeconds(19);
    assertThat(seen.stalled(later)).isFalse();
    Instant node2 = seen.heartbeat(seen.observe("node-2", NOW.plusSeconds(2), later));
    assertThat(Liveness.heartbeating(new NodeFacts("node-2", true, node2, "True"), TOKEN, later))
        .isFalse();
  }
}
