package dev.rgmanager.operator.inprocess;

import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;
import java.util.function.Predicate;
import java.util.function.Supplier;

/** Polls a condition until it holds or a deadline passes; the failure says what was last seen. */
public final class Await {
  /** Long enough for a loaded 2-core machine; a passing test takes a fraction of it. */
  public static final Duration WAIT = Duration.ofSeconds(30);

  private static final long POLL_MS = 100;

  private Await() {}

  public static <T> T until(String what, Supplier<T> probe, Predicate<T> done) {
    long deadline = System.nanoTime() + WAIT.toNanos();
    T last = null;
    while (System.nanoTime() < deadline) {
      try {
        last = probe.get();
        if (done.test(last)) {
          return last;
        }
      } catch (KubernetesClientException e) {
        last = null;
      }
      sleep(what);
    }
    throw new AssertionError(
        "timed out after " + WAIT.toSeconds() + "s waiting for " + what + "; last seen: " + last);
  }

  /** Asserts that a condition holds, at every look, for the whole duration. */
  public static <T> void holds(String what, Duration duration, Supplier<T> probe, Predicate<T> ok) {
    long end = System.nanoTime() + duration.toNanos();
    int looked = 0;
    while (System.nanoTime() < end) {
      T seen = probe.get();
      looked++;
      if (!ok.test(seen)) {
        throw new AssertionError("expected " + what + " to hold, but saw: " + seen);
      }
      sleep(what);
    }
    if (looked < 2) {
      throw new AssertionError("could look at " + what + " only " + looked + " time(s)");
    }
  }

  private static void sleep(String what) {
    try {
      Thread.sleep(POLL_MS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted while waiting for " + what);
    }
  }
}
