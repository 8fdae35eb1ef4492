package dev.rgmanager.fence.scsi;

import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the fencer saw registered: "key K seen registered on LUN L at T". An absent victim key
 * proves fencing only if the key had been seen registered on that LUN; otherwise the absence may
 * just mean a wrong key prefix, node name or LUN.
 */
public interface KeyWitness {
  /** Records that {@code key} was seen on {@code lun} ({@code how}: registered, preempted). */
  void saw(String lun, long key, String how);

  /** The last sighting of {@code key} on {@code lun}, described for a message, if any. */
  Optional<String> evidence(String lun, long key);

  /** Keeps nothing: an absent key is never taken as fenced (the command line, one-off runs). */
  static KeyWitness none() {
    return new KeyWitness() {
      @Override
      public void saw(String lun, long key, String how) {}

      @Override
      public Optional<String> evidence(String lun, long key) {
        return Optional.empty();
      }
    };
  }

  /** Keeps sightings in memory, for the life of the process that fences. */
  static KeyWitness inMemory(Clock clock) {
    Map<String, String> seen = new ConcurrentHashMap<>();
    return new KeyWitness() {
      @Override
      public void saw(String lun, long key, String how) {
        seen.put(
            lun + "|" + key,
            "key "
                + ReservationKey.format(key)
                + " "
                + how
                + " on "
                + lun
                + " at "
                + clock.instant());
      }

      @Override
      public Optional<String> evidence(String lun, long key) {
        return Optional.ofNullable(seen.get(lun + "|" + key));
      }
    };
  }
}
