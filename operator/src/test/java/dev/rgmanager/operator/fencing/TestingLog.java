package dev.rgmanager.operator.fencing;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** Lines written by other threads, which a test can wait for as they arrive. */
final class TestingLog {
  private final List<String> lines = new ArrayList<>();

  synchronized void add(String line) {
    lines.add(line);
    notifyAll();
  }

  synchronized List<String> lines() {
    return List.copyOf(lines);
  }

  synchronized int size() {
    return lines.size();
  }

  /** Blocks until the line has been written. */
  void await(String line) throws InterruptedException {
    await(l -> l.contains(line), "a line '" + line + "'");
  }

  /** Blocks until {@code line} has been written {@code times} times. */
  void await(String line, int times) throws InterruptedException {
    await(l -> l.stream().filter(line::equals).count() >= times, times + " lines '" + line + "'");
  }

  synchronized void await(Predicate<List<String>> done, String what) throws InterruptedException {
    long deadline = System.nanoTime() + TestingExecutor.PATIENCE.toNanos();
    while (!done.test(lines)) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        throw new AssertionError(
            "no " + what + " within " + TestingExecutor.PATIENCE + ": " + lines);
      }
      TimeUnit.NANOSECONDS.timedWait(this, left);
    }
  }
}
