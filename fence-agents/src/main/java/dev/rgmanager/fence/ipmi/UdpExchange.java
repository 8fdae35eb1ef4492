package dev.rgmanager.fence.ipmi;

import dev.rgmanager.fence.FenceException;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Arrays;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Request/response over UDP with retransmission: resend after each interval until an answer that
 * the caller accepts arrives or the deadline passes. UDP loses packets, so this is the only
 * reliability RMCP+ has.
 */
final class UdpExchange implements AutoCloseable {
  private final DatagramSocket socket;
  private final InetSocketAddress peer;
  private final String label;
  private final byte[] buffer = new byte[2048];

  UdpExchange(BmcEndpoint endpoint) throws FenceException {
    this.label = endpoint.toString();
    this.peer = new InetSocketAddress(endpoint.host(), endpoint.port());
    if (peer.isUnresolved()) {
      throw new FenceException("cannot resolve BMC address " + endpoint.host());
    }
    try {
      socket = new DatagramSocket();
      socket.connect(peer);
    } catch (IOException e) {
      throw new FenceException("cannot open a UDP socket to BMC " + label + ": " + e.getMessage());
    }
  }

  /**
   * Sends what {@code request} builds (rebuilt on each retransmission, so sequence numbers move on)
   * and returns the first answer {@code accept} maps to non-null.
   */
  <T> T exchange(
      Supplier<byte[]> request,
      Function<byte[], T> accept,
      Duration interval,
      long deadlineNanos,
      String what)
      throws FenceException {
    while (true) {
      // A fencing that was called off (the node is back, acknowledged, or the operator deposed)
      // interrupts its thread: nothing more may reach the BMC, least of all a power off that a BMC
      // coming back would still carry out.
      if (Thread.currentThread().isInterrupted()) {
        throw new FenceException("interrupted: " + what + " to BMC " + label + " called off");
      }
      long now = System.nanoTime();
      if (now >= deadlineNanos) {
        throw new BmcTimeoutException(
            "no answer from BMC " + label + " to " + what + " within the timeout");
      }
      byte[] out = request.get();
      try {
        socket.send(new DatagramPacket(out, out.length));
      } catch (IOException e) {
        // ICMP unreachable and the like: keep trying until the deadline, the BMC may come up.
      }
      long tryUntil = Math.min(deadlineNanos, now + interval.toNanos());
      T answer = receiveUntil(accept, tryUntil);
      if (answer != null) {
        return answer;
      }
    }
  }

  private <T> T receiveUntil(Function<byte[], T> accept, long untilNanos) {
    while (true) {
      long left = untilNanos - System.nanoTime();
      if (left <= 0) {
        return null;
      }
      try {
        socket.setSoTimeout((int) Math.max(1, left / 1_000_000));
        DatagramPacket in = new DatagramPacket(buffer, buffer.length);
        socket.receive(in);
        byte[] copy = Arrays.copyOf(in.getData(), in.getLength());
        T answer = accept.apply(copy);
        if (answer != null) {
          return answer;
        }
      } catch (SocketTimeoutException e) {
        return null;
      } catch (IOException e) {
        // Port unreachable is reported on receive; wait out this try rather than spin.
        sleepNanos(Math.min(left, 50_000_000L));
      }
      if (Thread.currentThread().isInterrupted()) {
        return null;
      }
    }
  }

  private static void sleepNanos(long nanos) {
    try {
      Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    socket.close();
  }
}
