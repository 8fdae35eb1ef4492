package dev.rgmanager.operator.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** What each harness's Await takes for "not yet", and what holds counts as watching. */
class AwaitTest {
  private static final Duration SHORT = Duration.ofMillis(400);

  @Test
  void untilReturnsTheFirstValueThatIsDone() {
    AtomicInteger n = new AtomicInteger();
    assertThat(
            Await.IN_PROCESS.until(
                "three", SHORT.multipliedBy(10), n::incrementAndGet, v -> v >= 3))
        .isEqualTo(3);
  }

  @Test
  void untilTimesOutSayingWhatItLastSaw() {
    assertThatThrownBy(() -> Await.IN_PROCESS.until("ready", SHORT, () -> "pending", "ok"::equals))
        .isInstanceOf(AssertionError.class)
        .hasMessage("timed out after 0s waiting for ready; last seen: pending");
  }

  @Test
  void inProcessRidesOutApiErrorsButFailsAtOnceOnAnythingElse() {
    AtomicInteger n = new AtomicInteger();
    assertThat(
            Await.IN_PROCESS.until(
                "an answer",
                SHORT.multipliedBy(10),
                () -> apiErrorTwiceThen(n, "up"),
                "up"::equals))
        .isEqualTo("up");
    long start = System.nanoTime();
    assertThatThrownBy(
            () ->
                Await.IN_PROCESS.until(
                    "a probe with a bug",
                    Duration.ofSeconds(30),
                    () -> {
                      throw new IllegalStateException("bug");
                    },
                    v -> true))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("bug");
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
  }

  @Test
  void realClusterRidesOutAnyRuntimeException() {
    AtomicInteger n = new AtomicInteger();
    assertThat(
            Await.REAL_CLUSTER.until(
                "the database",
                SHORT.multipliedBy(10),
                () -> {
                  if (n.incrementAndGet() <= 2) {
                    throw new IllegalStateException("connection refused");
                  }
                  return "up";
                },
                "up"::equals))
        .isEqualTo("up");
  }

  @Test
  void holdsFailsOnTheFirstLookThatDoesNotHold() {
    AtomicInteger n = new AtomicInteger();
    assertThatThrownBy(
            () ->
                Await.IN_PROCESS.holds(
                    "below two", SHORT.multipliedBy(10), n::incrementAndGet, v -> v < 2))
        .isInstanceOf(AssertionError.class)
        .hasMessage("expected below two to hold, but saw: 2");
  }

  @Test
  void holdsRidesOutABusyApiServerButNotOneThatNeverAnswers() {
    AtomicInteger n = new AtomicInteger();
    Await.IN_PROCESS.holds(
        "up", SHORT.multipliedBy(2), () -> apiErrorTwiceThen(n, "up"), "up"::equals);
    assertThatThrownBy(
            () ->
                Await.IN_PROCESS.holds(
                    "up",
                    SHORT,
                    () -> {
                      throw new KubernetesClientException("too many requests");
                    },
                    v -> true))
        .isInstanceOf(AssertionError.class)
        .hasMessageStartingWith("could look at up only 0 time(s)");
  }

  @Test
  void holdsLetsAProbesBugThrough() {
    assertThatThrownBy(
            () ->
                Await.REAL_CLUSTER.holds(
                    "x",
                    SHORT,
                    () -> {
                      throw new IllegalStateException("bug");
                    },
                    v -> true))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void holdsThatIsInterruptedFailsRatherThanPassing() {
    Thread.currentThread().interrupt();
    try {
      assertThatThrownBy(() -> Await.REAL_CLUSTER.holds("x", SHORT, () -> 1, v -> true))
          .isInstanceOf(AssertionError.class)
          .hasMessage("interrupted while waiting for x");
    } finally {
      Thread.interrupted();
    }
  }

  private static String apiErrorTwiceThen(AtomicInteger n, String value) {
    if (n.incrementAndGet() <= 2) {
      throw new KubernetesClientException("the server is currently unable to handle the request");
    }
    return value;
  }
}
