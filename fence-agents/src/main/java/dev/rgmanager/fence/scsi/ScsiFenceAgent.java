package dev.rgmanager.fence.scsi;

import dev.rgmanager.fence.FenceAgent;
import dev.rgmanager.fence.FenceException;
import dev.rgmanager.fence.FenceResult;
import dev.rgmanager.fence.PowerState;
import dev.rgmanager.fence.Secret;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Storage fencing with SCSI-3 persistent reservations on every configured LUN: off fences the
 * node's key, on registers it again, status tells whether it is registered everywhere.
 */
public final class ScsiFenceAgent implements FenceAgent {
  private final ScsiOptions options;
  private final Secret secret;
  private final KeyWitness witness;

  /** An agent that keeps no sightings: an absent victim key fails (one-off runs). */
  public ScsiFenceAgent(ScsiOptions options, Secret secret) {
    this(options, secret, KeyWitness.none());
  }

  /** An agent recording the keys it sees registered in {@code witness}, and trusting them. */
  public ScsiFenceAgent(ScsiOptions options, Secret secret, KeyWitness witness) {
    this.options = options;
    this.secret = secret;
    this.witness = witness;
  }

  /** One action on one LUN. */
  private interface OnLun {
    FenceResult run(PersistentReservations pr) throws FenceException;
  }

  /** Runs {@code action} on every LUN within the action timeout, if there is one. */
  private FenceResult onEveryLun(OnLun action) {
    Duration limit = options.actionTimeout();
    if (limit == null) {
      return onEveryLun(action, new AtomicReference<>());
    }
    AtomicReference<PersistentReservations> open = new AtomicReference<>();
    FutureTask<FenceResult> task = new FutureTask<>(() -> onEveryLun(action, open));
    Thread worker = new Thread(task, "scsi-fence");
    worker.setDaemon(true);
    worker.start();
    try {
      return task.get(limit.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      task.cancel(true);
      // Closing the connection ends a command blocked on the target.
      PersistentReservations pr = open.get();
      if (pr != null) {
        pr.close();
      }
      return FenceResult.failure(
          "SCSI reservation action did not finish within the device timeout of "
              + limit.toMillis() / 1000.0
              + "s (agent_timeout); the node's key is in an unknown state");
    } catch (InterruptedException e) {
      task.cancel(true);
      Thread.currentThread().interrupt();
      return FenceResult.failure("interrupted during a SCSI reservation action");
    } catch (ExecutionException e) {
      return FenceResult.failure("unexpected error: " + e.getCause().getClass().getSimpleName());
    }
  }

  private FenceResult onEveryLun(OnLun action, AtomicReference<PersistentReservations> open) {
    List<String> messages = new ArrayList<>();
    PowerState state = null;
    for (ScsiOptions.Lun lun : options.luns()) {
      try (PersistentReservations pr = lun.open()) {
        open.set(pr);
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
    if (!options.namesNode()) {
      return noNode("status");
    }
    return onEveryLun(pr -> ReservationFencing.status(pr, options.nodeKey(), witness));
  }

  /**
   * Reads every LUN's registrations and tells the witness each key it saw registered: the evidence
   * that lets a later fencing trust the absence of a key it saw before.
   */
  @Override
  public FenceResult monitor() {
    return onEveryLun(
        pr -> {
          List<Long> keys = pr.readKeys();
          keys.forEach(k -> witness.saw(pr.describe(), k, "seen registered by the device monitor"));
          return FenceResult.success(
              PowerState.UNKNOWN,
              "device " + pr.describe() + " answers (" + keys.size() + " keys registered)");
        });
  }

  @Override
  public FenceResult on() {
    if (!options.namesNode()) {
      return noNode("on");
    }
    return onEveryLun(pr -> ReservationFencing.unfence(pr, options.nodeKey(), witness));
  }

  private static FenceResult noNode(String action) {
    return FenceResult.failure(
        action + " needs the node to act on: set plug (the node name), nodeid or key");
  }

  @Override
  public FenceResult off() {
    if (!options.namesNode()) {
      return noNode("off");
    }
    return onEveryLun(
        pr ->
            ReservationFencing.fence(
                pr, options.fencerKey(), options.nodeKey(), options.keyDerivation(), witness));
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
