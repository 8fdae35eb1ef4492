package dev.rgmanager.fence.scsi;

import dev.rgmanager.fence.FenceException;

/** The device refused PREEMPT AND ABORT as an illegal request (tgtd does: 24/00). */
public class PreemptAbortUnsupportedException extends FenceException {
  public PreemptAbortUnsupportedException(String message) {
    super(message);
  }
}
