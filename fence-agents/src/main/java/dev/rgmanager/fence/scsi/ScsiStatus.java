package dev.rgmanager.fence.scsi;

/** SCSI status bytes (SAM) that persistent-reservation fencing has to tell apart. */
public final class ScsiStatus {
  public static final int GOOD = 0x00;
  public static final int CHECK_CONDITION = 0x02;
  public static final int BUSY = 0x08;
  public static final int RESERVATION_CONFLICT = 0x18;
  public static final int TASK_SET_FULL = 0x28;

  private ScsiStatus() {}

  public static String name(int status) {
    switch (status) {
      case GOOD:
        return "GOOD";
      case CHECK_CONDITION:
        return "CHECK CONDITION";
      case BUSY:
        return "BUSY";
      case RESERVATION_CONFLICT:
        return "RESERVATION CONFLICT";
      case TASK_SET_FULL:
        return "TASK SET FULL";
      default:
        return String.format("status 0x%02x", status);
    }
  }
}
