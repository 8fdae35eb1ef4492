package dev.rgmanager.e2e;

import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;
import java.util.function.Supplier;

/** Polls a condition until it holds or a deadline passes; the failure says what was last seen. */
public final class Await {
  private Await() {}

  public static <T> T until(
      String what, Duration timeout, Supplier<T> probe, java.util.function.Predicate<T> done) {
    long deadline = System.nanoTime() + timeout.toNanos();
    T last = null;
    while (System.nanoTime() < deadline) {
      try {
        last = probe.get();
        if (done.test(last)) {
          return last;
        }
      } catch (RuntimeException e) {
        last = null;
      }
      try {
        Thread.sleep(250);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted while waiting for " + what);
      }
    }
    throw new AssertionError(
        "timed out after "
            + timeout.toSeconds()
            + "s waiting for "
            + what
            + "; last seen: "
            + last);
  }

  /** Asserts that a condition stays true for the whole duration. */
  public static <T> void holds(
      String what, Duration duration, Supplier<T> probe, java.util.function.Predicate<T> ok) {
    long end = System.nanoTime() + duration.toNanos();
    int rounds = 0;
    int looked = 0;
    while (System.nanoTime() < end) {
      rounds++;
      T seen = null;
      boolean busy = false;
      try {
        seen = probe.get();
      } catch (KubernetesClientException e) {
        // The API server was briefly busy: this round saw nothing, the next looks again.
        busy = true;
      }
      if (!busy) {
        looked++;
        if (!ok.test(seen)) {
          throw new AssertionError("expected " + what + " to hold, but saw: " + seen);
        }
      }
      try {
        Thread.sleep(250);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
    if (looked * 2 < rounds) {
      throw new AssertionError(
          "could look at " + what + " in only " + looked + " of " + rounds + " rounds");
    }
  }
}
