package dev.rgmanager.fence.scsi;

import dev.rgmanager.fence.FenceException;
import dev.rgmanager.fence.FenceResult;
import dev.rgmanager.fence.PowerState;
import java.util.List;
import java.util.Optional;

/**
 * The fence_scsi algorithm on one logical unit. Unfence: register the node's key and, when nobody
 * holds a reservation, reserve Write Exclusive - Registrants Only. Fence: register the fencer's
 * key, PREEMPT AND ABORT the victim's key (PREEMPT when the device lacks it), verify it is gone and
 * that a reservation still shuts unregistered initiators out.
 */
public final class ReservationFencing {
  private static final int TYPE = Reservation.WRITE_EXCLUSIVE_REGISTRANTS_ONLY;

  private ReservationFencing() {}

  /** Whether {@code node} is registered: ON when it is, OFF when fenced. */
  public static FenceResult status(PersistentReservations pr, long node) throws FenceException {
    boolean registered = pr.readKeys().contains(node);
    PowerState s = registered ? PowerState.ON : PowerState.OFF;
    return FenceResult.success(
        s,
        "Status: "
            + s.name()
            + " (key "
            + ReservationKey.format(node)
            + (registered ? " registered" : " not registered")
            + " on "
            + pr.describe()
            + ")");
  }

  /** Unfences through the node's own I_T nexus (the registration belongs to the nexus). */
  public static FenceResult unfence(PersistentReservations pr, long node) throws FenceException {
    pr.registerIgnoringExisting(node);
    if (!pr.readKeys().contains(node)) {
      throw new FenceException(
          "key " + ReservationKey.format(node) + " is not registered on " + pr.describe());
    }
    if (pr.readReservation().isEmpty()) {
      pr.reserve(node, TYPE);
      if (pr.readReservation().isEmpty()) {
        throw new FenceException("no reservation could be created on " + pr.describe());
      }
    }
    return FenceResult.success(
        PowerState.ON,
        "Success: Unfenced (key "
            + ReservationKey.format(node)
            + " registered on "
            + pr.describe()
            + ")");
  }

  /** Fences {@code victim}; {@code fencer} is the key our nexus registers to preempt with. */
  public static FenceResult fence(PersistentReservations pr, long fencer, long victim)
      throws FenceException {
    if (fencer == victim) {
      throw new FenceException("the fencer's key and the victim's key are the same");
    }
    List<Long> keys = pr.readKeys();
    String note = "";
    if (keys.contains(victim)) {
      pr.registerIgnoringExisting(fencer);
      try {
        pr.preempt(fencer, victim, TYPE, true);
      } catch (PreemptAbortUnsupportedException e) {
        pr.preempt(fencer, victim, TYPE, false);
        note =
            "; the device does not support PREEMPT AND ABORT, so PREEMPT was used (the node's"
                + " outstanding commands were not aborted)";
      }
    } else {
      note = "; key was not registered (already fenced)";
    }
    if (pr.readKeys().contains(victim)) {
      throw new FenceException(
          "key " + ReservationKey.format(victim) + " is still registered on " + pr.describe());
    }
    Optional<Reservation> held = pr.readReservation();
    if (held.isEmpty()) {
      // Without a reservation an unregistered node could still write.
      pr.registerIgnoringExisting(fencer);
      pr.reserve(fencer, TYPE);
    }
    return FenceResult.success(
        PowerState.OFF,
        "Success: Fenced (key "
            + ReservationKey.format(victim)
            + " removed from "
            + pr.describe()
            + ")"
            + note);
  }
}
