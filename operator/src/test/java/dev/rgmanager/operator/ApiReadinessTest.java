package dev.rgmanager.operator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rgmanager.api.v1alpha1.FenceDevice;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The operator starts only once the API server serves its kinds twice in a row: a list cut off
 * while a CRD is being set up (as just after a Helm install) is waited out, not taken for a start.
 */
class ApiReadinessTest {
  private static final Duration LONG = Duration.ofMinutes(2);
  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-12-03T09:00:00Z"), ZoneOffset.UTC);
  private final List<Long> slept = new ArrayList<>();

  private ApiReadiness.Sleeper sleeper() {
    return slept::add;
  }

  @Test
  void listsCutOffWhileTheCrdsSettleAreWaitedOut() {
    AtomicInteger calls = new AtomicInteger();
    // The first three lists of fencedevices are cut off, as the API server did after a CRD install.
    AtomicInteger cutOff = new AtomicInteger(3);
    boolean served =
        ApiReadiness.awaitServed(
            kind -> {
              calls.incrementAndGet();
              if (kind == FenceDevice.class && cutOff.getAndDecrement() > 0) {
                throw new KubernetesClientException(
                    "An error has occurred.", new IllegalStateException("Connection was closed"));
              }
            },
            CLOCK,
            LONG,
            ApiReadiness.SETTLE,
            sleeper());
    assertThat(served).isTrue();
    // three failed passes (each up to fencedevices, the fourth kind), then two whole ones
    assertThat(calls).hasValue(3 * 4 + 2 * 4);
    assertThat(slept).hasSize(4).allMatch(ms -> ms == ApiReadiness.SETTLE.toMillis());
  }

  @Test
  void aCutOffBetweenTwoGoodPassesStartsTheCountAgain() {
    AtomicInteger pass = new AtomicInteger();
    boolean served =
        ApiReadiness.awaitServed(
            kind -> {
              if (kind == FenceDevice.class && pass.incrementAndGet() == 2) {
                throw new KubernetesClientException("Connection was closed");
              }
            },
            CLOCK,
            LONG,
            Duration.ZERO,
            sleeper());
    assertThat(served).isTrue();
    assertThat(pass).as("good, cut off, good, good").hasValue(4);
  }

  @Test
  void anApiServerThatNeverServesIsGivenUpOnAfterTheWait() {
    boolean served =
        ApiReadiness.awaitServed(
            kind -> {
              throw new KubernetesClientException(
                  "the server could not find the requested resource");
            },
            CLOCK,
            Duration.ZERO,
            Duration.ZERO,
            sleeper());
    assertThat(served).isFalse();
    assertThat(slept).isEmpty();
  }
}
