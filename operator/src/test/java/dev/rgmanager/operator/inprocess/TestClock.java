package dev.rgmanager.operator.inprocess;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The operator's clock in a test: the system clock plus an offset the test moves forward, so that a
 * restart window or a timeout expires without the test waiting for it. It keeps ticking in real
 * time between moves, as informers and the API server do.
 */
public final class TestClock extends Clock {
  private final AtomicReference<Duration> offset = new AtomicReference<>(Duration.ZERO);

  /** Moves the clock forward by {@code by}, at once. */
  public void advance(Duration by) {
    if (by.isNegative()) {
      throw new IllegalArgumentException("a test clock moves forward only, not by " + by);
    }
    offset.updateAndGet(o -> o.plus(by));
  }

  @Override
  public Instant instant() {
    return Instant.now().plus(offset.get());
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    throw new UnsupportedOperationException("the operator's clock is UTC");
  }
}
