package dev.rgmanager.fence.ipmi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rgmanager.fence.FenceException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * A fencing called off while its BMC does not answer sends nothing more: otherwise a BMC that comes
 * back (plugged in again) still receives the retransmitted request and powers off a node that is no
 * longer to be fenced.
 */
class CalledOffExchangeTest {
  @Test
  void anInterruptedExchangeStopsRetransmittingAtOnce() throws Exception {
    try (DatagramSocket bmc = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
      AtomicInteger received = new AtomicInteger();
      Thread listener =
          new Thread(
              () -> {
                byte[] buf = new byte[2048];
                while (!bmc.isClosed()) {
                  try {
                    bmc.receive(new DatagramPacket(buf, buf.length));
                    received.incrementAndGet();
                  } catch (Exception e) {
                    return;
                  }
                }
              });
      listener.setDaemon(true);
      listener.start();
      AtomicReference<Exception> ended = new AtomicReference<>();
      Thread fencing =
          new Thread(
              () -> {
                try (UdpExchange udp =
                    new UdpExchange(BmcEndpoint.of("127.0.0.1", bmc.getLocalPort(), "admin"))) {
                  udp.exchange(
                      () -> new byte[] {1, 2, 3},
                      answer -> null,
                      java.time.Duration.ofMillis(50),
                      System.nanoTime() + 20_000_000_000L,
                      "chassis power off");
                } catch (Exception e) {
                  ended.set(e);
                }
              });
      fencing.start();
      while (received.get() < 3) {
        Thread.sleep(10);
      }
      fencing.interrupt();
      fencing.join(2_000);
      assertThat(fencing.isAlive()).as("the exchange ends once called off").isFalse();
      assertThat(ended.get()).isInstanceOf(FenceException.class);
      assertThat(ended.get().getMessage()).contains("called off");
      int atEnd = received.get();
      Thread.sleep(300);
      assertThat(received.get()).as("nothing sent after it was called off").isEqualTo(atEnd);
    }
  }
}
