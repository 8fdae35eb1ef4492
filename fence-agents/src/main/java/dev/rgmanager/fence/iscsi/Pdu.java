package dev.rgmanager.fence.iscsi;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;

/** One iSCSI PDU: the 48-byte basic header segment and the data segment (RFC 7143 §11). */
final class Pdu {
  static final int NOP_OUT = 0x00;
  static final int SCSI_COMMAND = 0x01;
  static final int LOGIN_REQUEST = 0x03;
  static final int DATA_OUT = 0x05;
  static final int LOGOUT_REQUEST = 0x06;
  static final int NOP_IN = 0x20;
  static final int SCSI_RESPONSE = 0x21;
  static final int LOGIN_RESPONSE = 0x23;
  static final int DATA_IN = 0x25;
  static final int LOGOUT_RESPONSE = 0x26;
  static final int R2T = 0x31;
  static final int ASYNC_MESSAGE = 0x32;
  static final int REJECT = 0x3f;

  static final int IMMEDIATE = 0x40;

  final byte[] header;
  final byte[] data;

  Pdu(byte[] header, byte[] data) {
    this.header = header;
    this.data = data;
  }

  static Pdu of(int opcode, byte[] data) {
    byte[] h = new byte[48];
    h[0] = (byte) opcode;
    return new Pdu(h, data);
  }

  int opcode() {
    return header[0] & 0x3f;
  }

  int flags() {
    return header[1] & 0xff;
  }

  int u8(int at) {
    return header[at] & 0xff;
  }

  int u32(int at) {
    return (header[at] & 0xff) << 24
        | (header[at + 1] & 0xff) << 16
        | (header[at + 2] & 0xff) << 8
        | (header[at + 3] & 0xff);
  }

  Pdu put8(int at, int v) {
    header[at] = (byte) v;
    return this;
  }

  Pdu put16(int at, int v) {
    header[at] = (byte) (v >> 8);
    header[at + 1] = (byte) v;
    return this;
  }

  Pdu put32(int at, int v) {
    header[at] = (byte) (v >> 24);
    header[at + 1] = (byte) (v >> 16);
    header[at + 2] = (byte) (v >> 8);
    header[at + 3] = (byte) v;
    return this;
  }

  Pdu putBytes(int at, byte[] b) {
    System.arraycopy(b, 0, header, at, b.length);
    return this;
  }

  void write(OutputStream out) throws IOException {
    int length = data.length;
    header[5] = (byte) (length >> 16);
    header[6] = (byte) (length >> 8);
    header[7] = (byte) length;
    out.write(header);
    out.write(data);
    int pad = (4 - length % 4) % 4;
    out.write(new byte[pad]);
    out.flush();
  }

  static Pdu read(DataInputStream in) throws IOException {
    byte[] h = new byte[48];
    in.readFully(h);
    int ahs = (h[4] & 0xff) * 4;
    if (ahs > 0) {
      in.readFully(new byte[ahs]);
    }
    int length = (h[5] & 0xff) << 16 | (h[6] & 0xff) << 8 | (h[7] & 0xff);
    byte[] data = new byte[length];
    in.readFully(data);
    int pad = (4 - length % 4) % 4;
    if (pad > 0) {
      in.readFully(new byte[pad]);
    }
    return new Pdu(h, data);
  }

  @Override
  public String toString() {
    return String.format("PDU 0x%02x (%d data bytes)", opcode(), data.length);
  }
}
