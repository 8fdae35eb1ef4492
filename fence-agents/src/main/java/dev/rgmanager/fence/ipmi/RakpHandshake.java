package dev.rgmanager.fence.ipmi;

import dev.rgmanager.fence.FenceException;
import dev.rgmanager.fence.Secret;
import java.util.Arrays;

/**
 * The RMCP+ Open Session and RAKP 1-4 exchange: proves both sides know the user's key without
 * sending it, and derives the session integrity and encryption keys.
 */
final class RakpHandshake {
  /** Name-only lookup: the BMC finds the user by name, the privilege is what we ask for. */
  private static final int NAME_ONLY_LOOKUP = 0x10;

  private final IpmiSession session;
  private final Secret password;
  private final long deadline;
  private final BmcEndpoint endpoint;
  private final CipherSuite suite;

  RakpHandshake(IpmiSession session, Secret password, long deadline) {
    this.session = session;
    this.password = password;
    this.deadline = deadline;
    this.endpoint = session.endpoint();
    this.suite = endpoint.cipherSuite();
  }

  void run() throws FenceException {
    int tag = IpmiSession.random(1)[0] & 0x3f;
    byte[] open = openSession(tag);
    int bmcSessionId = RmcpPlusPacket.readInt(open, 8);
    checkAlgorithms(open);

    byte[] consoleRandom = IpmiSession.random(16);
    byte role = (byte) (NAME_ONLY_LOOKUP | endpoint.privilege().code);
    byte[] user = IpmiSession.userName(endpoint.username());
    byte[] rakp1 =
        IpmiSession.concat(
            new byte[] {(byte) tag, 0, 0, 0},
            RmcpPlusPacket.intBytes(bmcSessionId),
            consoleRandom,
            new byte[] {role, 0, 0, (byte) user.length},
            user);
    byte[] rakp2 = exchange(RmcpPlusPacket.RAKP_1, rakp1, RmcpPlusPacket.RAKP_2, tag, "RAKP 1");
    checkStatus(rakp2[1], "RAKP 2");
    if (rakp2.length < 40 + suite.hmacLength) {
      throw new FenceException("BMC " + endpoint + " sent a short RAKP 2 message");
    }
    byte[] bmcRandom = Arrays.copyOfRange(rakp2, 8, 24);
    byte[] guid = Arrays.copyOfRange(rakp2, 24, 40);
    byte[] bmcCode = Arrays.copyOfRange(rakp2, 40, 40 + suite.hmacLength);
    byte[] key = password.bytes();
    byte[] lengthAndName = IpmiSession.concat(new byte[] {role, (byte) user.length}, user);
    byte[] expected =
        SessionKeys.hmac(
            suite,
            key,
            RmcpPlusPacket.intBytes(session.consoleSessionId()),
            RmcpPlusPacket.intBytes(bmcSessionId),
            consoleRandom,
            bmcRandom,
            guid,
            lengthAndName);
    if (!SessionKeys.matches(expected, bmcCode)) {
      throw new FenceException(
          "authentication with BMC "
              + endpoint
              + " failed: wrong password for user '"
              + endpoint.username()
              + "' (RAKP 2 check value mismatch)");
    }
    byte[] sik = SessionKeys.hmac(suite, key, consoleRandom, bmcRandom, lengthAndName);
    byte[] rakp3Code =
        SessionKeys.hmac(
            suite,
            key,
            bmcRandom,
            RmcpPlusPacket.intBytes(session.consoleSessionId()),
            lengthAndName);
    byte[] rakp3 =
        IpmiSession.concat(
            new byte[] {(byte) tag, 0, 0, 0}, RmcpPlusPacket.intBytes(bmcSessionId), rakp3Code);
    byte[] rakp4 = exchange(RmcpPlusPacket.RAKP_3, rakp3, RmcpPlusPacket.RAKP_4, tag, "RAKP 3");
    checkStatus(rakp4[1], "RAKP 4");
    byte[] icv =
        Arrays.copyOf(
            SessionKeys.hmac(
                suite, sik, consoleRandom, RmcpPlusPacket.intBytes(bmcSessionId), guid),
            suite.integrityLength);
    if (rakp4.length < 8 + suite.integrityLength
        || !SessionKeys.matches(icv, Arrays.copyOfRange(rakp4, 8, 8 + suite.integrityLength))) {
      throw new FenceException("BMC " + endpoint + " failed the RAKP 4 integrity check");
    }
    session.established(bmcSessionId, new SessionKeys(suite, sik));
  }

  private byte[] openSession(int tag) throws FenceException {
    byte[] request =
        IpmiSession.concat(
            new byte[] {(byte) tag, (byte) endpoint.privilege().code, 0, 0},
            RmcpPlusPacket.intBytes(session.consoleSessionId()),
            algorithm(0x00, suite.authAlgorithm),
            algorithm(0x01, suite.integrityAlgorithm),
            algorithm(0x02, suite.confidentialityAlgorithm));
    byte[] response =
        exchange(
            RmcpPlusPacket.OPEN_SESSION_REQUEST,
            request,
            RmcpPlusPacket.OPEN_SESSION_RESPONSE,
            tag,
            "Open Session");
    checkStatus(response[1], "Open Session");
    if (response.length < 36) {
      throw new FenceException("BMC " + endpoint + " sent a short Open Session response");
    }
    return response;
  }

  /** A BMC that answers with weaker algorithms than asked (e.g. none) is not trusted. */
  private void checkAlgorithms(byte[] open) throws FenceException {
    if ((open[16] & 0x3f) != suite.authAlgorithm
        || (open[24] & 0x3f) != suite.integrityAlgorithm
        || (open[32] & 0x3f) != suite.confidentialityAlgorithm) {
      throw new FenceException(
          "BMC " + endpoint + " offered other algorithms than cipher suite " + suite.id);
    }
  }

  private static byte[] algorithm(int type, int algorithm) {
    return new byte[] {(byte) type, 0, 0, 0x08, (byte) algorithm, 0, 0, 0};
  }

  private void checkStatus(byte status, String step) throws FenceException {
    int code = status & 0xff;
    if (code == 0x01 || code == 0x02 || code == 0x08 || code == 0x0B) {
      // Out of session slots, or a handshake confused by a lost packet: a fresh one may work.
      throw new TransientSessionException(
          "BMC " + endpoint + " refused the session at " + step + ": " + StatusCodes.session(code));
    }
    if (status != 0) {
      throw new FenceException(
          "BMC "
              + endpoint
              + " refused the session at "
              + step
              + ": "
              + StatusCodes.session(status & 0xff));
    }
  }

  private byte[] exchange(int type, byte[] payload, int answerType, int tag, String what)
      throws FenceException {
    // An error answer may carry neither our tag nor our session ID (ipmi_sim 2.0.33 sends
    // just tag and status), so any error answer of the awaited type ends the handshake.
    byte[] datagram = RmcpPlusPacket.plain(type, payload);
    return session
        .udp()
        .exchange(
            () -> datagram,
            in -> {
              RmcpPlusPacket.Inbound p = RmcpPlusPacket.decode(in, in.length, null);
              if (p == null || p.payloadType() != answerType || p.payload().length < 2) {
                return null;
              }
              byte[] b = p.payload();
              if (b[1] != 0) {
                return b;
              }
              boolean ours =
                  b.length >= 8
                      && (b[0] & 0xff) == tag
                      && RmcpPlusPacket.readInt(b, 4) == session.consoleSessionId();
              return ours ? b : null;
            },
            endpoint.retransmitInterval(),
            deadline,
            what);
  }
}
