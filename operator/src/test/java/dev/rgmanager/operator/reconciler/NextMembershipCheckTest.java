package dev.rgmanager.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Membership looks again when the next heartbeat would expire, not a quarter token later. */
class NextMembershipCheckTest {
  private static final Instant NOW = Instant.parse("2026-11-30T12:00:00Z");
  private static final Duration TOKEN = Duration.ofSeconds(16);

  private static Duration next(String... heartbeats) {
    return NextMembershipCheck.nextCheck(
        java.util.Arrays.stream(heartbeats).map(Instant::parse).toList(), TOKEN, NOW);
  }

  @Test
  void freshHeartbeatsWaitAQuarterToken() {
    assertThat(next("2026-11-30T11:59:59Z", "2026-11-30T11:59:58Z"))
        .isEqualTo(Duration.ofSeconds(4));
    assertThat(NextMembershipCheck.nextCheck(List.of(), TOKEN, NOW))
        .isEqualTo(Duration.ofSeconds(4));
  }

  @Test
  void aHeartbeatAboutToExpireIsCheckedJustAfterIt() {
    // The second heartbeat is 15 s old: it expires in 1 s; look again 0.1 s after that.
    assertThat(next("2026-11-30T11:59:59Z", "2026-11-30T11:59:45Z"))
        .isEqualTo(Duration.ofMillis(1100));
  }

  @Test
  void anExpiredHeartbeatIsCheckedSoonButNotInALoop() {
    assertThat(next("2026-11-30T11:00:00Z")).isEqualTo(Duration.ofMillis(100));
  }
}
