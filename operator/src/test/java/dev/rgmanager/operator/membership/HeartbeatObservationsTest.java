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
}
