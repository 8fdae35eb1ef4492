package dev.rgmanager.fence.iscsi;

import dev.rgmanager.fence.FenceException;
import dev.rgmanager.fence.scsi.ChannelReservations;
import dev.rgmanager.fence.scsi.ScsiCommandChannel;
import dev.rgmanager.fence.scsi.ScsiResult;

/** READ(10) and WRITE(10) for tests: what a node's I/O to the shared LUN looks like. */
public final class ScsiIo {
  private ScsiIo() {}

  public static ScsiResult write(ScsiCommandChannel c, int lba, byte[] data) throws FenceException {
    return ChannelReservations.run(c, cdb(0x2A, lba, data.length / 512), data, 0);
  }

  public static ScsiResult read(ScsiCommandChannel c, int lba) throws FenceException {
    return read(c, lba, 1);
  }

  public static ScsiResult read(ScsiCommandChannel c, int lba, int blocks) throws FenceException {
    return ChannelReservations.run(c, cdb(0x28, lba, blocks), new byte[0], blocks * 512);
  }

  private static byte[] cdb(int opcode, int lba, int blocks) {
    byte[] cdb = new byte[10];
    cdb[0] = (byte) opcode;
    cdb[2] = (byte) (lba >> 24);
    cdb[3] = (byte) (lba >> 16);
    cdb[4] = (byte) (lba >> 8);
    cdb[5] = (byte) lba;
    cdb[7] = (byte) (blocks >> 8);
    cdb[8] = (byte) blocks;
    return cdb;
  }
}
