package dev.rgmanager.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class LeaseTimingTest {
  private static final Duration S = Duration.ofSeconds(1);

  @Test
  void theConfiguredTimingsReachTheLeaderElection() {
    LeaderElectionConfiguration c =
        new OperatorLeaderElection()
            .leaderElection(
                "lease",
                Optional.of("ns"),
                S.multipliedBy(6),
                S.multipliedBy(4),
                S,
                new Leadership());
    assertThat(c.getLeaseDuration()).isEqualTo(S.multipliedBy(6));
    assertThat(c.getRenewDeadline()).isEqualTo(S.multipliedBy(4));
    assertThat(c.getRetryPeriod()).isEqualTo(S);
  }

  @Test
  void aLeaseNoLongerThanTheRenewDeadlineIsRefusedNamingTheProperties() {
    assertThatThrownBy(() -> new LeaseTiming(S.multipliedBy(10), S.multipliedBy(10), S))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("rgmanager.leader-election.lease-duration (10s)")
        .hasMessageContaining("renew-deadline (10s)");
  }

  @Test
  void aRenewDeadlineNoLongerThanTheRetryPeriodIsRefused() {
    assertThatThrownBy(() -> new LeaseTiming(S.multipliedBy(10), S, S))
        .hasMessageContaining("rgmanager.leader-election.renew-deadline")
        .hasMessageContaining("retry-period");
    assertThatThrownBy(() -> new LeaseTiming(S.multipliedBy(10), S, Duration.ZERO))
        .hasMessageContaining("retry-period must be positive");
  }
}
