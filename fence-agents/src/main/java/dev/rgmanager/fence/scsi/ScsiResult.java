package dev.rgmanager.fence.scsi;

/** What a SCSI command returned: status, parsed sense (if any) and Data-In bytes. */
public record ScsiResult(int status, SenseData sense, byte[] data) {
  public boolean good() {
    return status == ScsiStatus.GOOD;
  }

  public boolean unitAttention() {
    return status == ScsiStatus.CHECK_CONDITION && sense != null && sense.isUnitAttention();
  }

  public boolean illegalRequest() {
    return status == ScsiStatus.CHECK_CONDITION && sense != null && sense.isIllegalRequest();
  }

  public String describe() {
    return sense == null ? ScsiStatus.name(status) : ScsiStatus.name(status) + ", " + sense;
  }
}
