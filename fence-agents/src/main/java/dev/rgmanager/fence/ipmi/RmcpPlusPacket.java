package dev.rgmanager.fence.ipmi;

import java.io.ByteArrayOutputStream;
import java.security.GeneralSecurityException;
import java.util.Arrays;

/** Encodes and decodes RMCP+ (IPMI v2.0) datagrams: RMCP header, session header and trailer. */
final class RmcpPlusPacket {
  static final int IPMI = 0x00;
  static final int OPEN_SESSION_REQUEST = 0x10;
  static final int OPEN_SESSION_RESPONSE = 0x11;
  static final int RAKP_1 = 0x12;
  static final int RAKP_2 = 0x13;
  static final int RAKP_3 = 0x14;
  static final int RAKP_4 = 0x15;

  private static final int ENCRYPTED = 0x80;
  private static final int AUTHENTICATED = 0x40;
  private static final int AUTH_TYPE_RMCP_PLUS = 0x06;
  private static final int HEADER = 16;

  /** A received datagram after integrity check and decryption. */
  record Inbound(int payloadType, int sessionId, int sequence, byte[] payload) {}

  private RmcpPlusPacket() {}

  /** A pre-session message (open session, RAKP): session ID and sequence are zero. */
  static byte[] plain(int payloadType, byte[] payload) {
    ByteArrayOutputStream out = header(payloadType, 0, 0, payload.length);
    out.writeBytes(payload);
    return out.toByteArray();
  }

  /** An IPMI message inside an established session: encrypted, then signed with K1. */
  static byte[] sealed(SessionKeys keys, int bmcSessionId, int sequence, byte[] message) {
    byte[] payload = keys.encrypt(message);
    ByteArrayOutputStream out =
        header(IPMI | ENCRYPTED | AUTHENTICATED, bmcSessionId, sequence, payload.length);
    out.writeBytes(payload);
    // The integrity pad makes authType..nextHeader a multiple of four bytes.
    int covered = HEADER - 4 + payload.length + 2;
    int pad = (4 - covered % 4) % 4;
    for (int i = 0; i < pad; i++) {
      out.write(0xff);
    }
    out.write(pad);
    out.write(0x07);
    byte[] signed = out.toByteArray();
    out.writeBytes(keys.integrity(signed, 4, signed.length - 4));
    return out.toByteArray();
  }

  private static ByteArrayOutputStream header(
      int payloadType, int sessionId, int sequence, int length) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(64 + length);
    out.writeBytes(new byte[] {0x06, 0x00, (byte) 0xff, 0x07, AUTH_TYPE_RMCP_PLUS});
    out.write(payloadType);
    writeInt(out, sessionId);
    writeInt(out, sequence);
    out.write(length & 0xff);
    out.write((length >> 8) & 0xff);
    return out;
  }

  /**
   * Decodes a datagram; returns null for anything that is not RMCP+ or fails the integrity check,
   * so a stray or forged packet is ignored rather than trusted. With session keys, a packet must be
   * signed, and encrypted when the suite encrypts: the BMC sends nothing else in a session, so a
   * plain one can only be forged.
   */
  static Inbound decode(byte[] data, int length, SessionKeys keys) {
    if (length < HEADER || data[0] != 0x06 || data[3] != 0x07 || data[4] != AUTH_TYPE_RMCP_PLUS) {
      return null;
    }
    int type = data[5] & 0xff;
    if (keys != null
        && ((type & AUTHENTICATED) == 0 || (keys.encrypts() && (type & ENCRYPTED) == 0))) {
      return null;
    }
    int sessionId = readInt(data, 6);
    int sequence = readInt(data, 10);
    int payloadLength = (data[14] & 0xff) | (data[15] & 0xff) << 8;
    if (HEADER + payloadLength > length) {
      return null;
    }
    byte[] payload = Arrays.copyOfRange(data, HEADER, HEADER + payloadLength);
    if ((type & AUTHENTICATED) != 0) {
      if (keys == null) {
        return null;
      }
      int codeAt = length - keys.integrityLength();
      if (codeAt < HEADER + payloadLength + 2) {
        return null;
      }
      byte[] code = Arrays.copyOfRange(data, codeAt, length);
      if (!SessionKeys.matches(keys.integrity(data, 4, codeAt - 4), code)) {
        return null;
      }
    }
    if ((type & ENCRYPTED) != 0) {
      if (keys == null) {
        return null;
      }
      try {
        payload = keys.decrypt(payload);
      } catch (GeneralSecurityException e) {
        return null;
      }
    }
    return new Inbound(type & 0x3f, sessionId, sequence, payload);
  }

  static void writeInt(ByteArrayOutputStream out, int v) {
    out.write(v & 0xff);
    out.write((v >> 8) & 0xff);
    out.write((v >> 16) & 0xff);
    out.write((v >> 24) & 0xff);
  }

  static int readInt(byte[] b, int at) {
    return (b[at] & 0xff)
        | (b[at + 1] & 0xff) << 8
        | (b[at + 2] & 0xff) << 16
        | (b[at + 3] & 0xff) << 24;
  }

  static byte[] intBytes(int v) {
    return new byte[] {(byte) v, (byte) (v >> 8), (byte) (v >> 16), (byte) (v >> 24)};
  }
}
