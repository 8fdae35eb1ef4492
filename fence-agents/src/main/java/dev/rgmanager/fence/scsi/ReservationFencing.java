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
 * that a reservation still shuts unregistered initiators out. A key found absent counts as fenced
 * only when it had been seen registered on that LUN.
 */
public final class ReservationFencing {
  private static final int TYPE = Reservation.WRITE_EXCLUSIVE_REGISTRANTS_ONLY;

  private ReservationFencing() {}

  /** Whether {@code node} is registered: ON when it is, OFF when fenced. */
  public static FenceResult status(PersistentReservations pr, long node) throws FenceException {
    return status(pr, node, KeyWitness.none());
  }

  /** Whether {@code node} is registered, noting a registration in {@code witness}. */
  public static FenceResult status(PersistentReservations pr, long node, KeyWitness witness)
      throws FenceException {
    boolean registered = pr.readKeys().contains(node);
    if (registered) {
      witness.saw(pr.describe(), node, "seen registered");
    }
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
    return unfence(pr, node, KeyWitness.none());
  }

  /** Unfences, noting the verified registration in {@code witness}. */
  public static FenceResult unfence(PersistentReservations pr, long node, KeyWitness witness)
      throws FenceException {
    pr.registerIgnoringExisting(node);
    if (!pr.readKeys().contains(node)) {
      throw new FenceException(
          "key " + ReservationKey.format(node) + " is not registered on " + pr.describe());
    }
    witness.saw(pr.describe(), node, "seen registered");
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

  /** Fences {@code victim} with no record of earlier sightings (absent key: not fenced). */
  public static FenceResult fence(PersistentReservations pr, long fencer, long victim)
      throws FenceException {
    return fence(pr, fencer, victim, ReservationKey.format(victim), KeyWitness.none());
  }

  /**
   * Fences {@code victim}; {@code fencer} is the key our nexus registers to preempt with. Succeeds
   * when this call preempted the key and then found it gone, or when the key is absent but {@code
   * witness} saw it registered on this LUN before: an absent key alone proves nothing (a wrong key
   * prefix, node name or LUN looks the same).
   *
   * @param derivation how the victim's key was derived, quoted in every message
   */
  public static FenceResult fence(
      PersistentReservations pr, long fencer, long victim, String derivation, KeyWitness witness)
      throws FenceException {
    if (fencer == victim) {
      throw new FenceException("the fencer's key and the victim's key are the same");
    }
    String lun = pr.describe();
    List<Long> keys = pr.readKeys();
    String how;
    boolean preempted = keys.contains(victim);
    if (preempted) {
      witness.saw(lun, victim, "seen registered");
      pr.registerIgnoringExisting(fencer);
      try {
        pr.preempt(fencer, victim, TYPE, true);
        how = "preempted by this fencer (PREEMPT AND ABORT)";
      } catch (PreemptAbortUnsupportedException e) {
        pr.preempt(fencer, victim, TYPE, false);
        how =
            "preempted by this fencer (PREEMPT: the device does not support PREEMPT AND ABORT, so"
                + " PREEMPT was used and the node's outstanding commands were not aborted)";
      }
    } else {
      Optional<String> seen = witness.evidence(lun, victim);
      if (seen.isEmpty()) {
        throw new FenceException(absent(lun, derivation, keys));
      }
      how = "already absent, and known to this fencer (" + seen.get() + "): already fenced";
    }
    if (pr.readKeys().contains(victim)) {
      throw new FenceException(
          "key " + derivation + " is still registered on " + lun + " after the preemption");
    }
    if (preempted) {
      witness.saw(lun, victim, "preempted by this fencer and verified gone");
    }
    Optional<Reservation> held = pr.readReservation();
    if (held.isEmpty()) {
      // Without a reservation an unregistered node could still write.
      pr.registerIgnoringExisting(fencer);
      pr.reserve(fencer, TYPE);
    }
    return FenceResult.success(
        PowerState.OFF,
        "Success: Fenced (key " + derivation + " on " + lun + ": " + how + "; verified gone)");
  }

  /** Why an absent key is not taken as fenced, with what to check. */
  private static String absent(String lun, String derivation, List<Long> keys) {
    String registered =
        keys.isEmpty()
            ? "no key at all"
            : String.join(", ", keys.stream().distinct().map(ReservationKey::format).toList());
    return "not fenced: key "
        + derivation
        + " is not registered on "
        + lun
        + " and was never seen registered there, so its absence proves nothing (registered: "
        + registered
        + "). Likely causes: a wrong key prefix (the cluster name the node registered with),"
        + " a node name that differs from the name the node registered with (its hostname),"
        + " a wrong LUN, or a node that was never unfenced on this LUN. Fix the configuration;"
        + " if you know the node is off, acknowledge it instead";
  }
}
