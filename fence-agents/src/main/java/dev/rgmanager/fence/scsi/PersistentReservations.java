package dev.rgmanager.fence.scsi;

import dev.rgmanager.fence.FenceException;
import java.util.List;
import java.util.Optional;

/**
 * The SCSI-3 persistent reservation operations fencing needs, on one logical unit through one I_T
 * nexus; implemented over iSCSI and over sg_persist.
 */
public interface PersistentReservations extends AutoCloseable {
  /** PR IN READ KEYS: every registered key, duplicates included (one per I_T nexus). */
  List<Long> readKeys() throws FenceException;

  /** PR IN READ RESERVATION. */
  Optional<Reservation> readReservation() throws FenceException;

  /** PR OUT REGISTER AND IGNORE EXISTING KEY: this nexus's key becomes {@code key}. */
  void registerIgnoringExisting(long key) throws FenceException;

  /** PR OUT RESERVE with this nexus's registered {@code key}. */
  void reserve(long key, int type) throws FenceException;

  /**
   * PR OUT PREEMPT AND ABORT ({@code abort}) or PREEMPT: removes every registration of {@code
   * victim}, taking over the reservation if the victim held it.
   *
   * @throws PreemptAbortUnsupportedException when the device does not implement PREEMPT AND ABORT
   */
  void preempt(long own, long victim, int type, boolean abort) throws FenceException;

  /** Where these reservations live, for messages. */
  String describe();

  @Override
  void close();
}
