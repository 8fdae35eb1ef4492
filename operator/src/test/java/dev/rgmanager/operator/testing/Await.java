package dev.rgmanager.operator.testing;

import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Polls a condition until it holds or a deadline passes; the failure says what was last seen. Each
 * harness has one, with its polling interval, its usual deadline and what its probes may throw
 * while the condition is not seen yet: {@link #IN_PROCESS} and {@link #REAL_CLUSTER}.
 */
public final class Await {
  /**
   * The reconciler tests': every 100 ms, the reconcilers being in the JVM and the API server the
   * test's alone; 30 s, long enough for a loaded 2-core machine (a passing test takes a fraction of
   * it); a probe only reads that API server, so only its errors are "not yet" and any other
   * exception is the test's own bug, failing it at once with its stack trace.
   */
  public static final Await IN_PROCESS =
      new Await(Duration.ofMillis(100), Duration.ofSeconds(30), KubernetesClientException.class);

  /**
   * The end-to-end tests': every 250 ms, the API server being shared with an operator process and
   * the nodes; 120 s, the usual WAIT of the e2e classes (most of their waits name their own); a
   * probe also reaches past the API server (a database in failover, a BMC, the plugin's process, a
   * node's files), whose passing failures are any RuntimeException.
   */
  public static final Await REAL_CLUSTER =
      new Await(Duration.ofMillis(250), Duration.ofSeconds(120), RuntimeException.class);

  private final Duration interval;
  private final Duration patience;
  private final Class<? extends RuntimeException> notYet;

  private Await(Duration interval, Duration patience, Class<? extends RuntimeException> notYet) {
    this.interval = interval;
    this.patience = patience;
    this.notYet = notYet;
  }

  /** As {@link #until(String, Duration, Supplier, Predicate)}, within this harness's usual time. */
  public <T> T until(String what, Supplier<T> probe, Predicate<T> done) {
    return until(what, patience, probe, done);
  }

  /**
   * The probe's value once {@code done} holds of it; fails after {@code timeout} with the last
   * value seen (null if the last probe threw what counts as not yet).
   */
  public <T> T until(String what, Duration timeout, Supplier<T> probe, Predicate<T> done) {
    long deadline = System.nanoTime() + timeout.toNanos();
    T last = null;
    while (System.nanoTime() < deadline) {
      try {
        last = probe.get();
        if (done.test(last)) {
          return last;
        }
      } catch (RuntimeException e) {
        if (!notYet.isInstance(e)) {
          throw e;
        }
        last = null;
      }
      sleep(what);
    }
    throw new AssertionError(
        "timed out after "
            + timeout.toSeconds()
            + "s waiting for "
            + what
            + "; last seen: "
            + last);
  }

  /**
   * Asserts that a condition holds at every look for the whole duration. A round in which the API
   * server errs (it was briefly busy) sees nothing; at least two rounds, and half of them, must
   * look, or the condition was not watched.
   */
  public <T> void holds(String what, Duration duration, Supplier<T> probe, Predicate<T> ok) {
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
        busy = true;
      }
      if (!busy) {
        looked++;
        if (!ok.test(seen)) {
          throw new AssertionError("expected " + what + " to hold, but saw: " + seen);
        }
      }
      sleep(what);
    }
    if (looked < 2) {
      throw new AssertionError("could look at " + what + " only " + looked + " time(s)");
    }
    if (looked * 2 < rounds) {
      throw new AssertionError(
          "could look at " + what + " in only " + looked + " of " + rounds + " rounds");
    }
  }

  private void sleep(String what) {
    try {
      Thread.sleep(interval.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted while waiting for " + what);
    }
  }
}
