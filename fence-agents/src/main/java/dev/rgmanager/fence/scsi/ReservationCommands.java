package dev.rgmanager.fence.scsi;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * CDBs and parameter lists of PERSISTENT RESERVE IN/OUT (SPC-4 §6.15, §6.16), and their parsing.
 */
public final class ReservationCommands {
  static final int READ_KEYS = 0x00;
  static final int READ_RESERVATION = 0x01;
  static final int REGISTER_AND_IGNORE = 0x06;
  static final int RESERVE = 0x01;
  static final int PREEMPT = 0x04;
  static final int PREEMPT_AND_ABORT = 0x05;
  static final int IN_LENGTH = 8192;

  private ReservationCommands() {}

  static byte[] in(int serviceAction) {
    byte[] cdb = new byte[10];
    cdb[0] = 0x5E;
    cdb[1] = (byte) serviceAction;
    cdb[7] = (byte) (IN_LENGTH >> 8);
    cdb[8] = (byte) IN_LENGTH;
    return cdb;
  }

  static byte[] out(int serviceAction, int type) {
    byte[] cdb = new byte[10];
    cdb[0] = 0x5F;
    cdb[1] = (byte) serviceAction;
    cdb[2] = (byte) (type & 0x0f); // scope LU (0) in the high nibble
    cdb[8] = 24;
    return cdb;
  }

  /** The 24-byte PR OUT parameter list: reservation key, service action key, no flags. */
  static byte[] parameters(long key, long serviceActionKey) {
    return ByteBuffer.allocate(24).putLong(key).putLong(serviceActionKey).array();
  }

  /** Parses READ KEYS data. */
  public static List<Long> keys(byte[] data) {
    List<Long> keys = new ArrayList<>();
    if (data.length < 8) {
      return keys;
    }
    ByteBuffer b = ByteBuffer.wrap(data);
    int length = b.getInt(4);
    for (int at = 8; at + 8 <= Math.min(data.length, 8 + length); at += 8) {
      keys.add(b.getLong(at));
    }
    return keys;
  }

  /** Parses READ RESERVATION data. */
  public static Optional<Reservation> reservation(byte[] data) {
    if (data.length < 24 || ByteBuffer.wrap(data).getInt(4) < 16) {
      return Optional.empty();
    }
    ByteBuffer b = ByteBuffer.wrap(data);
    return Optional.of(new Reservation(b.getLong(8), data[21] & 0x0f));
  }
}
