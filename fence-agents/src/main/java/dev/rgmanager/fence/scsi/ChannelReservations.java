package dev.rgmanager.fence.scsi;

import dev.rgmanager.fence.FenceException;
import java.util.List;
import java.util.Optional;

/**
 * Persistent reservations sent as CDBs over a {@link ScsiCommandChannel} (our iSCSI initiator),
 * retrying on UNIT ATTENTION as initiators must after a reset or a preemption.
 */
public final class ChannelReservations implements PersistentReservations {
  private static final int UNIT_ATTENTION_RETRIES = 8;
  private final ScsiCommandChannel channel;
  private final String label;

  public ChannelReservations(ScsiCommandChannel channel, String label) {
    this.channel = channel;
    this.label = label;
  }

  /** Runs a command, retrying while the device reports UNIT ATTENTION. */
  public static ScsiResult run(ScsiCommandChannel channel, byte[] cdb, byte[] out, int inLength)
      throws FenceException {
    ScsiResult r = channel.execute(cdb, out, inLength);
    for (int i = 0; i < UNIT_ATTENTION_RETRIES && r.unitAttention(); i++) {
      r = channel.execute(cdb, out, inLength);
    }
    return r;
  }

  private ScsiResult in(int action, String what) throws FenceException {
    ScsiResult r =
        run(channel, ReservationCommands.in(action), new byte[0], ReservationCommands.IN_LENGTH);
    if (!r.good()) {
      throw new FenceException(what + " on " + label + " failed: " + r.describe());
    }
    return r;
  }

  private ScsiResult out(int action, int type, long key, long saKey) throws FenceException {
    return run(
        channel,
        ReservationCommands.out(action, type),
        ReservationCommands.parameters(key, saKey),
        0);
  }

  @Override
  public List<Long> readKeys() throws FenceException {
    return ReservationCommands.keys(in(ReservationCommands.READ_KEYS, "READ KEYS").data());
  }

  @Override
  public Optional<Reservation> readReservation() throws FenceException {
    return ReservationCommands.reservation(
        in(ReservationCommands.READ_RESERVATION, "READ RESERVATION").data());
  }

  @Override
  public void registerIgnoringExisting(long key) throws FenceException {
    ScsiResult r = out(ReservationCommands.REGISTER_AND_IGNORE, 0, 0, key);
    if (!r.good()) {
      throw new FenceException(
          "REGISTER AND IGNORE EXISTING KEY on " + label + " failed: " + r.describe());
    }
  }

  @Override
  public void reserve(long key, int type) throws FenceException {
    ScsiResult r = out(ReservationCommands.RESERVE, type, key, 0);
    if (!r.good()) {
      throw new FenceException("RESERVE on " + label + " failed: " + r.describe());
    }
  }

  @Override
  public void preempt(long own, long victim, int type, boolean abort) throws FenceException {
    int action = abort ? ReservationCommands.PREEMPT_AND_ABORT : ReservationCommands.PREEMPT;
    ScsiResult r = out(action, type, own, victim);
    String name = abort ? "PREEMPT AND ABORT" : "PREEMPT";
    if (abort && r.illegalRequest()) {
      throw new PreemptAbortUnsupportedException(
          name + " is not supported by " + label + " (" + r.describe() + ")");
    }
    if (!r.good()) {
      throw new FenceException(name + " on " + label + " failed: " + r.describe());
    }
  }

  @Override
  public String describe() {
    return label;
  }

  @Override
  public void close() {
    channel.close();
  }
}
