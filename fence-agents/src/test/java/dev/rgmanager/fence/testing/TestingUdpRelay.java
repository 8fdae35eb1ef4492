package dev.rgmanager.fence.testing;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.Arrays;

/**
 * A UDP relay on loopback between one console and one server; what crosses it, and what it adds, is
 * the subclass's to decide (a lossy network, a man in the middle).
 */
abstract class TestingUdpRelay implements AutoCloseable {
  private final DatagramSocket front;
  private final DatagramSocket back;
  private final InetSocketAddress server;
  private volatile SocketAddress client;

  TestingUdpRelay(int serverPort, String name) throws IOException {
    this.server = new InetSocketAddress(InetAddress.getLoopbackAddress(), serverPort);
    this.front = new DatagramSocket(0, InetAddress.getLoopbackAddress());
    this.back = new DatagramSocket(0, InetAddress.getLoopbackAddress());
    relay(name + "-front", front, true);
    relay(name + "-back", back, false);
  }

  /** A datagram from the console: true to pass it on to the server. */
  abstract boolean fromConsole(byte[] datagram) throws IOException;

  /** A datagram from the server: true to pass it on to the console. */
  abstract boolean fromServer(byte[] datagram);

  /** Sends the console a datagram of the relay's own. */
  final void toConsole(byte[] datagram) throws IOException {
    SocketAddress to = client;
    if (to != null) {
      front.send(new DatagramPacket(datagram, datagram.length, to));
    }
  }

  public int port() {
    return front.getLocalPort();
  }

  private void relay(String name, DatagramSocket from, boolean towardsServer) {
    Thread t =
        new Thread(
            () -> {
              byte[] buf = new byte[2048];
              while (!from.isClosed()) {
                try {
                  DatagramPacket p = new DatagramPacket(buf, buf.length);
                  from.receive(p);
                  byte[] d = Arrays.copyOf(p.getData(), p.getLength());
                  if (towardsServer) {
                    client = p.getSocketAddress();
                    if (fromConsole(d)) {
                      back.send(new DatagramPacket(d, d.length, server));
                    }
                  } else if (fromServer(d)) {
                    toConsole(d);
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
