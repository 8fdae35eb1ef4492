package dev.rgmanager.fence.scsi;

/** Sense data (fixed or descriptor format) reduced to sense key, ASC and ASCQ. */
public record SenseData(int senseKey, int asc, int ascq) {
  public static final int NOT_READY = 0x2;
  public static final int ILLEGAL_REQUEST = 0x5;
  public static final int UNIT_ATTENTION = 0x6;

  /** Parses sense bytes; null when there are none or the format is unknown. */
  public static SenseData parse(byte[] s) {
    if (s == null || s.length < 2) {
      return null;
    }
    int code = s[0] & 0x7f;
    if ((code == 0x70 || code == 0x71) && s.length >= 14) {
      return new SenseData(s[2] & 0x0f, s[12] & 0xff, s[13] & 0xff);
    }
    if ((code == 0x72 || code == 0x73) && s.length >= 4) {
      return new SenseData(s[1] & 0x0f, s[2] & 0xff, s[3] & 0xff);
    }
    return null;
  }

  public boolean isUnitAttention() {
    return senseKey == UNIT_ATTENTION;
  }

  public boolean isIllegalRequest() {
    return senseKey == ILLEGAL_REQUEST;
  }

  @Override
  public String toString() {
    String key =
        switch (senseKey) {
          case 0x0 -> "NO SENSE";
          case 0x1 -> "RECOVERED ERROR";
          case NOT_READY -> "NOT READY";
          case 0x3 -> "MEDIUM ERROR";
          case 0x4 -> "HARDWARE ERROR";
          case ILLEGAL_REQUEST -> "ILLEGAL REQUEST";
          case UNIT_ATTENTION -> "UNIT ATTENTION";
          case 0x7 -> "DATA PROTECT";
          case 0xb -> "ABORTED COMMAND";
          default -> String.format("sense key 0x%x", senseKey);
        };
    return String.format("%s %02X/%02X", key, asc, ascq);
  }
}
