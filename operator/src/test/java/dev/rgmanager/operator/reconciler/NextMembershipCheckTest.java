package dev.rgmanager.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rgmanager.api.v1alpha1.HAClusterStatus;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Membership looks again when the next heartbeat would expire, not a quarter token later. */
class NextMembershipCheckTest {
  private static final Instant NOW = Instant.parse("2026-11-30T12:00:00Z");
  private static final Duration TOKEN = Duration.ofSeconds(16);

  private static HAClusterStatus status(String node2State, String node2Heartbeat) {
    return Serialization.unmarshal(
        """
        members:
          - {name: node-1, state: online, lastHeartbeat: "2026-11-30T11:59:59Z"}
          - {name: node-2, state: STATE, lastHeartbeat: "BEAT"}
        """
            .replace("STATE", node2State)
            .replace("BEAT", node2Heartbeat),
        HAClusterStatus.class);
  }

  @Test
  void freshHeartbeatsWaitAQuarterToken() {
    assertThat(HAClusterReconciler.nextCheck(status("online", "2026-11-30T11:59:58Z"), TOKEN, NOW))
        .isEqualTo(Duration.ofSeconds(4));
  }

  @Test
  void aHeartbeatAboutToExpireIsCheckedJustAfterIt() {
    // node-2's heartbeat is 15 s old: it expires in 1 s; look again 0.1 s after that.
    assertThat(HAClusterReconciler.nextCheck(status("online", "2026-11-30T11:59:45Z"), TOKEN, NOW))
        .isEqualTo(Duration.ofMillis(1100));
  }

  @Test
  void anExpiredOrLostMemberDoesNotSpinTheCheck() {
    assertThat(HAClusterReconciler.nextCheck(status("online", "2026-11-30T11:00:00Z"), TOKEN, NOW))
        .isEqualTo(Duration.ofMillis(100));
    assertThat(HAClusterReconciler.nextCheck(status("offline", "2026-11-30T11:00:00Z"), TOKEN, NOW))
        .isEqualTo(Duration.ofSeconds(4));
  }
}
