package dev.rgmanager.fence.testing;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A UDP relay in front of a BMC playing a man in the middle: before it passes on each in-session
 * request, it sends the console whatever its {@link Attack} makes of what it has seen so far
 * (forged replies, or copies of the BMC's genuine ones). It cannot read the encrypted payloads.
 */
public final class TestingAttackerUdpProxy extends TestingUdpRelay {
  private static final int OPEN_SESSION_REQUEST = 0x10;

  /** What the attacker has seen when the {@code request}-th in-session request (from 0) goes by. */
  public record Seen(int consoleSessionId, int request, List<byte[]> genuineReplies) {}

  /** The datagrams to send the console ahead of the BMC's own answer. */
  public interface Attack {
    List<byte[]> injectBefore(Seen seen);
  }

  private final Attack attack;
  private final List<byte[]> replies = new CopyOnWriteArrayList<>();
  private final AtomicInteger requests = new AtomicInteger();
  private final AtomicInteger injected = new AtomicInteger();
  private volatile int consoleSessionId;

  public TestingAttackerUdpProxy(int serverPort, Attack attack) throws IOException {
    super(serverPort, "attacker");
    this.attack = attack;
  }

  /** How many datagrams the attack has sent the console. */
  public int injected() {
    return injected.get();
  }

  @Override
  boolean fromServer(byte[] d) {
    if (inSession(d)) {
      replies.add(d);
    }
    return true;
  }

  @Override
  boolean fromConsole(byte[] d) throws IOException {
    if (d.length >= 24 && (d[5] & 0x3f) == OPEN_SESSION_REQUEST) {
      consoleSessionId = littleEndianInt(d, 20);
    } else if (inSession(d)) {
      Seen seen = new Seen(consoleSessionId, requests.getAndIncrement(), List.copyOf(replies));
      for (byte[] forged : attack.injectBefore(seen)) {
        toConsole(forged);
        injected.incrementAndGet();
      }
    }
    return true;
  }

  /** An IPMI payload with a session ID: a message inside an established session. */
  private static boolean inSession(byte[] d) {
    return d.length >= 16 && d[4] == 0x06 && (d[5] & 0x3f) == 0 && littleEndianInt(d, 6) != 0;
  }

  private static int littleEndianInt(byte[] b, int at) {
    return (b[at] & 0xff)
        | (b[at + 1] & 0xff) << 8
        | (b[at + 2] & 0xff) << 16
        | (b[at + 3] & 0xff) << 24;
  }
}
