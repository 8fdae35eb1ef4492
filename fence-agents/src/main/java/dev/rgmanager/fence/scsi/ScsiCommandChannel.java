package dev.rgmanager.fence.scsi;

import dev.rgmanager.fence.FenceException;

/** Something that carries SCSI commands to one logical unit (an iSCSI session, for example). */
public interface ScsiCommandChannel extends AutoCloseable {
  /**
   * Executes one CDB, sending {@code dataOut} (may be empty) and reading up to {@code dataInLength}
   * bytes. Transport failures throw; SCSI failures come back in the result.
   */
  ScsiResult execute(byte[] cdb, byte[] dataOut, int dataInLength) throws FenceException;

  @Override
  void close();
}
