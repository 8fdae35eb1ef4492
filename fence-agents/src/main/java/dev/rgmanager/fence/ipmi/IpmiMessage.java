package dev.rgmanager.fence.ipmi;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;

/** The IPMI LAN message format: addresses, net function, sequence, command and checksums. */
final class IpmiMessage {
  static final int BMC_ADDRESS = 0x20;
  static final int REMOTE_CONSOLE = 0x81;

  /** A response: its net function, sequence, command, completion code and data. */
  record Response(int netFn, int sequence, int command, int completionCode, byte[] data) {
    /** Whether this answers the request with that net function, command and rqSeq. */
    boolean answers(int requestNetFn, int requestCommand, int rqSeq) {
      return netFn == (requestNetFn | 1) && command == requestCommand && sequence == rqSeq;
    }
  }

  private IpmiMessage() {}

  static byte[] request(int netFn, int command, int sequence, byte[] data) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(8 + data.length);
    int first = BMC_ADDRESS;
    int second = netFn << 2;
    out.write(first);
    out.write(second);
    out.write(checksum(new byte[] {(byte) first, (byte) second}));
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    body.write(REMOTE_CONSOLE);
    body.write((sequence & 0x3f) << 2);
    body.write(command);
    body.writeBytes(data);
    byte[] b = body.toByteArray();
    out.writeBytes(b);
    out.write(checksum(b));
    return out.toByteArray();
  }

  /**
   * Parses a response from the BMC to us, or null when it is too short, a checksum is wrong, or it
   * is addressed otherwise.
   */
  static Response parse(byte[] m) {
    if (m.length < 8 || (m[0] & 0xff) != REMOTE_CONSOLE || (m[3] & 0xff) != BMC_ADDRESS) {
      return null;
    }
    if (checksum(Arrays.copyOf(m, 2)) != (m[2] & 0xff)
        || checksum(Arrays.copyOfRange(m, 3, m.length - 1)) != (m[m.length - 1] & 0xff)) {
      return null;
    }
    return new Response(
        (m[1] & 0xff) >> 2,
        (m[4] & 0xff) >> 2,
        m[5] & 0xff,
        m[6] & 0xff,
        Arrays.copyOfRange(m, 7, m.length - 1));
  }

  private static int checksum(byte[] b) {
    int sum = 0;
    for (byte x : b) {
      sum += x & 0xff;
    }
    return (-sum) & 0xff;
  }
}
