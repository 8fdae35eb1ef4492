package dev.rgmanager.fence.testing;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A UDP relay in front of one server that drops every n-th datagram in either direction: a
 * deterministic lossy network for retransmission tests.
 */
public final class TestingLossyUdpProxy implements AutoCloseable {
  private final DatagramSocket front;
  private final DatagramSocket back;
  private final InetSocketAddress server;
  private final int dropEvery;
  private final AtomicInteger count = new AtomicInteger();
  private final AtomicInteger dropped = new AtomicInteger();
  private volatile SocketAddress client;

  public TestingLossyUdpProxy(int serverPort, int dropEvery) throws IOException {
    this.server = new InetSocketAddress(InetAddress.getLoopbackAddress(), serverPort);
    this.dropEvery = dropEvery;
    this.front = new DatagramSocket(0, InetAddress.getLoopbackAddress());
    this.back = new DatagramSocket(0, InetAddress.getLoopbackAddress());
    start("lossy-front", front, true);
    start("lossy-back", back, false);
  }

  public int port() {
    return front.getLocalPort();
  }

  public int dropped() {
    return dropped.get();
  }

  private void start(String name, DatagramSocket from, boolean towardsServer) {
    Thread t =
        new Thread(
            () -> {
              byte[] buf = new byte[2048];
              while (!from.isClosed()) {
                try {
                  DatagramPacket p = new DatagramPacket(buf, buf.length);
                  from.receive(p);
                  if (towardsServer) {
                    client = p.getSocketAddress();
                  }
                  if (count.incrementAndGet() % dropEvery == 0) {
                    dropped.incrementAndGet();
                    continue;
                  }
                  SocketAddress to = towardsServer ? server : client;
                  if (to != null) {
                    (towardsServer ? back : front)
                        .send(new DatagramPacket(p.getData(), p.getLength(), to));
                  }
                } catch (IOException e) {
                  // closed, or a transient error: the next receive decides
                }
              }
            },
            name);
    t.setDaemon(true);
    t.start();
  }

  @Override
  public void close() {
    front.close();
    back.close();
  }
}
