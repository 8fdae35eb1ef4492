package dev.rgmanager.fence.scsi;

/** The persistent reservation a logical unit holds: its holder's key and its type. */
public record Reservation(long key, int type) {
  /** Write Exclusive - Registrants Only: unregistered initiators may read but not write. */
  public static final int WRITE_EXCLUSIVE_REGISTRANTS_ONLY = 5;
}
