package dev.rgmanager.operator.membership;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class LivenessTest {
  private static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");
  private static final Duration TOKEN = Duration.ofSeconds(10);

  @Test
  void memberWithFreshHeartbeatIsOnline() {
    var node = new NodeFacts("a", true, NOW.minusSeconds(9), "True");
    assertThat(Liveness.heartbeating(node, TOKEN, NOW)).isTrue();
  }

  @Test
  void heartbeatOlderThanTheTokenTimeoutMeansOffline() {
    var node = new NodeFacts("a", true, NOW.minusSeconds(11), "True");
    assertThat(Liveness.heartbeating(node, TOKEN, NOW)).isFalse();
  }

  @Test
  void readyFalseDoesNotStopAHeartbeat() {
    // Whether a NotReady node's member is in the cluster is membership's rule, not liveness's.
    var node = new NodeFacts("a", true, NOW, "False");
    assertThat(Liveness.heartbeating(node, TOKEN, NOW)).isTrue();
  }

  @Test
  void readyUnknownWithFreshHeartbeatStaysOnline() {
    // The node controller marks Ready Unknown only after its own grace period; the lease decides.
    var node = new NodeFacts("a", true, NOW.minusSeconds(1), "Unknown");
    assertThat(Liveness.heartbeating(node, TOKEN, NOW)).isTrue();
  }

  @Test
  void missingNodeOrLeaseMeansOffline() {
    assertThat(Liveness.heartbeating(new NodeFacts("a", false, NOW, null), TOKEN, NOW)).isFalse();
    assertThat(Liveness.heartbeating(new NodeFacts("a", true, null, "True"), TOKEN, NOW)).isFalse();
  }

  @Test
  void durationsParseLikeTheApiDocuments() {
    assertThat(Durations.parse("10s")).isEqualTo(Duration.ofSeconds(10));
    assertThat(Durations.parse("1m30s")).isEqualTo(Duration.ofSeconds(90));
    assertThat(Durations.parse("500ms")).isEqualTo(Duration.ofMillis(500));
    assertThat(Durations.parse("1.5h")).isEqualTo(Duration.ofMinutes(90));
    assertThatThrownBy(() -> Durations.parse("ten seconds")).hasMessageContaining("not a duration");
    assertThatThrownBy(() -> Durations.parse("10s junk")).hasMessageContaining("not a duration");
  }
}
