package dev.rgmanager.fence.ipmi;

import dev.rgmanager.fence.FenceException;
import dev.rgmanager.fence.Secret;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;

/**
 * An authenticated, encrypted RMCP+ session with one BMC: opened with the RAKP handshake, then
 * carrying IPMI commands until closed. Not thread-safe; one per fence action.
 */
public final class IpmiSession implements AutoCloseable {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final int NETFN_APP = 0x06;
  private static final int SET_SESSION_PRIVILEGE = 0x3B;
  private static final int CLOSE_SESSION = 0x3C;

  private final BmcEndpoint endpoint;
  private final UdpExchange udp;
  private final int consoleSessionId;
  private int bmcSessionId;
  private SessionKeys keys;
  private InboundSequence inbound;
  private int sequence;
  private int requestSequence;

  private IpmiSession(BmcEndpoint endpoint, UdpExchange udp) {
    this.endpoint = endpoint;
    this.udp = udp;
    this.consoleSessionId = RANDOM.nextInt(Integer.MAX_VALUE - 1) + 1;
  }

  /**
   * Opens a session within the endpoint's login timeout. Authentication failures are reported at
   * once; lost packets are retransmitted until the timeout.
   */
  public static IpmiSession open(BmcEndpoint endpoint, Secret password) throws FenceException {
    long deadline = System.nanoTime() + endpoint.loginTimeout().toNanos();
    while (true) {
      UdpExchange udp = new UdpExchange(endpoint);
      IpmiSession session = new IpmiSession(endpoint, udp);
      try {
        new RakpHandshake(session, password, deadline).run();
        session.setPrivilege(deadline);
        return session;
      } catch (TransientSessionException e) {
        udp.close();
        if (System.nanoTime() + endpoint.retransmitInterval().toNanos() >= deadline) {
          throw e;
        }
        pause(endpoint.retransmitInterval().toMillis());
      } catch (FenceException | RuntimeException e) {
        udp.close();
        throw e;
      }
    }
  }

  private static void pause(long millis) throws FenceException {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new FenceException("interrupted while opening an IPMI session");
    }
  }

  void established(int bmcSessionId, SessionKeys keys) {
    this.bmcSessionId = bmcSessionId;
    this.keys = keys;
    this.inbound = new InboundSequence();
    this.sequence = 0;
  }

  int consoleSessionId() {
    return consoleSessionId;
  }

  BmcEndpoint endpoint() {
    return endpoint;
  }

  UdpExchange udp() {
    return udp;
  }

  private void setPrivilege(long deadline) throws FenceException {
    IpmiMessage.Response r =
        send(
            NETFN_APP,
            SET_SESSION_PRIVILEGE,
            new byte[] {(byte) endpoint.privilege().code},
            deadline);
    if (r.completionCode() != 0) {
      throw new FenceException(
          "BMC "
              + endpoint
              + " refused privilege level "
              + endpoint.privilege().name()
              + ": "
              + StatusCodes.completion(r.completionCode()));
    }
  }

  /** Sends one command and returns its data; a non-zero completion code is a failure. */
  public byte[] command(int netFn, int command, byte[] data, String what) throws FenceException {
    long deadline = System.nanoTime() + endpoint.commandTimeout().toNanos();
    IpmiMessage.Response r = send(netFn, command, data, deadline);
    if (r.completionCode() != 0) {
      throw new FenceException(what + " failed: " + StatusCodes.completion(r.completionCode()));
    }
    return r.data();
  }

  private IpmiMessage.Response send(int netFn, int command, byte[] data, long deadline)
      throws FenceException {
    int rqSeq = requestSequence = (requestSequence + 1) & 0x3f;
    byte[] message = IpmiMessage.request(netFn, command, rqSeq, data);
    return udp.exchange(
        () -> RmcpPlusPacket.sealed(keys, bmcSessionId, nextSequence(), message),
        datagram -> {
          // Anything refused here counts as not received: the exchange retransmits or times out.
          RmcpPlusPacket.Inbound in = RmcpPlusPacket.decode(datagram, datagram.length, keys);
          if (in == null
              || in.payloadType() != RmcpPlusPacket.IPMI
              || in.sessionId() != consoleSessionId
              || !inbound.accept(in.sequence())) {
            return null;
          }
          IpmiMessage.Response r = IpmiMessage.parse(in.payload());
          // rqSeq has six bits and repeats every 64 requests; the sequence window above is what
          // keeps an answer to an older request with the same rqSeq out.
          return r != null && r.answers(netFn, command, rqSeq) ? r : null;
        },
        endpoint.retransmitInterval(),
        deadline,
        String.format("command 0x%02x", command));
  }

  private int nextSequence() {
    sequence = sequence == -1 ? 1 : sequence + 1;
    return sequence;
  }

  /** Closes the session on the BMC too, so its few session slots are not used up. */
  @Override
  public void close() {
    try {
      if (keys != null) {
        // One try only: if the answer is lost, a resent Close finds no session and gets none.
        long deadline = System.nanoTime() + endpoint.retransmitInterval().toNanos();
        send(NETFN_APP, CLOSE_SESSION, RmcpPlusPacket.intBytes(bmcSessionId), deadline);
      }
    } catch (FenceException e) {
      // The BMC frees an idle session by itself; a lost close is not a fence failure.
    } finally {
      udp.close();
    }
  }

  static byte[] random(int n) {
    byte[] b = new byte[n];
    RANDOM.nextBytes(b);
    return b;
  }

  static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.writeBytes(p);
    }
    return out.toByteArray();
  }

  static byte[] userName(String name) throws FenceException {
    byte[] b = name == null ? new byte[0] : name.getBytes(StandardCharsets.US_ASCII);
    if (b.length > 16) {
      throw new FenceException("IPMI user names are at most 16 characters");
    }
    return Arrays.copyOf(b, b.length);
  }
}
