package dev.rgmanager.operator.fencing;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * An executor that counts the tasks it is given and tells when they have finished, cancelled ones
 * included, so a test waits for a job to end instead of sleeping and hoping it has.
 */
final class TestingExecutor extends AbstractExecutorService {
  /** How long a wait may take before the test fails: only reached when the behaviour is broken. */
  static final Duration PATIENCE = Duration.ofSeconds(10);

  private final ExecutorService threads = Executors.newCachedThreadPool();
  private int submitted;
  private int finished;

  @Override
  public void execute(Runnable task) {
    synchronized (this) {
      submitted++;
    }
    threads.execute(
        () -> {
          try {
            task.run();
          } finally {
            synchronized (this) {
              finished++;
              notifyAll();
            }
          }
        });
  }

  /** Tasks given so far. */
  synchronized int submitted() {
    return submitted;
  }

  /** Blocks until {@code count} tasks have run to their end (or were cancelled before running). */
  synchronized void awaitFinished(int count) throws InterruptedException {
    long deadline = System.nanoTime() + PATIENCE.toNanos();
    while (finished < count) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        throw new AssertionError(
            "only " + finished + " of " + count + " tasks finished within " + PATIENCE);
      }
      TimeUnit.NANOSECONDS.timedWait(this, left);
    }
  }

  /** Blocks until every task given so far has finished. */
  void awaitIdle() throws InterruptedException {
    awaitFinished(submitted());
  }

  @Override
  public void shutdown() {
    threads.shutdown();
  }

  @Override
  public List<Runnable> shutdownNow() {
    return threads.shutdownNow();
  }

  @Override
  public boolean isShutdown() {
    return threads.isShutdown();
  }

  @Override
  public boolean isTerminated() {
    return threads.isTerminated();
  }

  @Override
  public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
    return threads.awaitTermination(timeout, unit);
  }
}
