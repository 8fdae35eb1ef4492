package dev.rgmanager.fence.testing;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A UDP relay in front of one server that drops every n-th datagram in either direction: a
 * deterministic lossy network for retransmission tests.
 */
public final class TestingLossyUdpProxy extends TestingUdpRelay {
  private final int dropEvery;
  private final AtomicInteger count = new AtomicInteger();
  private final AtomicInteger dropped = new AtomicInteger();

  public TestingLossyUdpProxy(int serverPort, int dropEvery) throws IOException {
    super(serverPort, "lossy");
    this.dropEvery = dropEvery;
  }

  public int dropped() {
    return dropped.get();
  }

  @Override
  boolean fromConsole(byte[] datagram) {
    return pass();
  }

  @Override
  boolean fromServer(byte[] datagram) {
    return pass();
  }

  private boolean pass() {
    if (count.incrementAndGet() % dropEvery == 0) {
      dropped.incrementAndGet();
      return false;
    }
    return true;
  }
}
