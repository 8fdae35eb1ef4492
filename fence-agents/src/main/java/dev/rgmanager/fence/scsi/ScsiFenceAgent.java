package dev.rgmanager.fence.scsi;

import dev.rgmanager.fence.FenceAgent;
import dev.rgmanager.fence.FenceException;
import dev.rgmanager.fence.FenceResult;
import dev.rgmanager.fence.PowerState;
import dev.rgmanager.fence.Secret;
import java.util.ArrayList;
import java.util.List;

/**
 * Storage fencing with SCSI-3 persistent reservations on every configured LUN: off fences the
 * node's key, on registers it again, status tells whether it is registered everywhere.
 */
public final class ScsiFenceAgent implements FenceAgent {
  private final ScsiOptions options;
  private final Secret secret;

  public ScsiFenceAgent(ScsiOptions options, Secret secret) {
    this.options = options;
    this.secret = secret;
  }

  /** One action on one LUN. */
  private interface OnLun {
    FenceResult run(PersistentReservations pr) throws FenceException;
  }

  private FenceResult onEveryLun(OnLun action) {
    List<String> messages = new ArrayList<>();
    PowerState state = null;
    for (ScsiOptions.Lun lun : options.luns()) {
      try (PersistentReservations pr = lun.open()) {
        FenceResult r = action.run(pr);
        messages.add(r.message());
        // A node registered on some LUN and not on another counts as ON: it can still write.
        state = state == null || r.state() == PowerState.ON ? r.state() : state;
      } catch (FenceException e) {
        return FenceResult.failure(secret.redact(e.getMessage()));
      } catch (RuntimeException e) {
        return FenceResult.failure("unexpected error: " + e.getClass().getSimpleName());
      }
    }
    return FenceResult.success(state, secret.redact(String.join("; ", messages)));
  }

  @Override
  public FenceResult status() {
    return onEveryLun(pr -> ReservationFencing.status(pr, options.nodeKey()));
  }

  @Override
  public FenceResult monitor() {
    return onEveryLun(
        pr -> {
          pr.readKeys();
          return FenceResult.success(PowerState.UNKNOWN, "device " + pr.describe() + " answers");
        });
  }

  @Override
  public FenceResult on() {
    return onEveryLun(pr -> ReservationFencing.unfence(pr, options.nodeKey()));
  }

  @Override
  public FenceResult off() {
    return onEveryLun(pr -> ReservationFencing.fence(pr, options.fencerKey(), options.nodeKey()));
  }

  /** SCSI fencing cannot reboot a node: like fence_scsi, it only cuts it off and lets it back. */
  @Override
  public FenceResult reboot() {
    return FenceResult.failure(
        "reboot is not supported by SCSI reservation fencing: use off, then on when the node"
            + " rejoins");
  }

  @Override
  public List<String> list() throws FenceException {
    List<String> keys = new ArrayList<>();
    for (ScsiOptions.Lun lun : options.luns()) {
      try (PersistentReservations pr = lun.open()) {
        for (long k : pr.readKeys()) {
          String s = ReservationKey.format(k);
          if (!keys.contains(s)) {
            keys.add(s);
          }
        }
      }
    }
    return keys;
  }
}
