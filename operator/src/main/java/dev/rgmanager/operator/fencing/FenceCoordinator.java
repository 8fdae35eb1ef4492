package dev.rgmanager.operator.fencing;

import dev.rgmanager.api.v1alpha1.ClusterNode;
import dev.rgmanager.api.v1alpha1.FenceDeviceUse;
import dev.rgmanager.api.v1alpha1.FenceMethod;
import dev.rgmanager.operator.membership.MembershipInput.FenceOutcome;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.jboss.logging.Logger;

/**
 * Fences lost nodes, many in parallel: per node, its methods in order; a method succeeds only when
 * every one of its devices succeeds (dual power supplies); when all methods fail, it starts again
 * from the first after a backoff, reporting each failed round, until one succeeds or the node is no
 * longer to be fenced. Outcomes go to the {@link FenceLedger}, which membership reads.
 *
 * <p>A job that was cancelled (the node is back, or the cluster inquorate), or whose replica is no
 * longer the leader, records nothing and stops at its next step; a cancelled job can never remove
 * the entry of the job that replaced it.
 */
public class FenceCoordinator {
  private static final Logger LOG = Logger.getLogger(FenceCoordinator.class);

  /** What the coordinator reports as it works (Events, metrics). */
  public interface Listener {
    void started(String node, String method);

    void methodFailed(String node, String method, int round, String message);

    void succeeded(String node, String method, int round, Duration took);
  }

  private final DeviceFencer fencer;
  private final FenceLedger ledger;
  private final Clock clock;
  private final ExecutorService executor;
  private final Backoff backoff;
  private final BooleanSupplier mayAct;
  private final Map<String, Job> running = new ConcurrentHashMap<>();
  private final Map<String, ClusterNode> latest = new ConcurrentHashMap<>();

  public FenceCoordinator(
      DeviceFencer fencer,
      FenceLedger ledger,
      Clock clock,
      ExecutorService executor,
      Backoff backoff,
      BooleanSupplier mayAct) {
    this.mayAct = mayAct;
    this.fencer = fencer;
    this.ledger = ledger;
    this.clock = clock;
    this.executor = executor;
    this.backoff = backoff;
  }

  /**
   * Starts fencing {@code node} unless it is already being fenced. Idempotent. Each round uses the
   * node's methods as last passed here, so a fencing configuration the administrator corrects while
   * the node is being fenced takes effect at the next round.
   */
  public void ensureFencing(ClusterNode node, Listener listener) {
    if (!mayAct.getAsBoolean()) {
      return;
    }
    latest.put(node.name(), node);
    running.computeIfAbsent(
        node.name(),
        n -> {
          Job job = new Job();
          job.future = executor.submit(() -> fenceUntilDone(node.name(), job, listener));
          return job;
        });
  }

  /** One fencing of one node; cancelled once, never revived. */
  private static final class Job {
    private volatile boolean cancelled;
    private volatile Future<?> future;

    void cancel() {
      cancelled = true;
      Future<?> f = future;
      if (f != null) {
        f.cancel(true);
      }
    }
  }

  /** Stops fencing a node that is back or no longer a member. */
  public void cancel(String node) {
    Job job = running.remove(node);
    latest.remove(node);
    if (job != null) {
      job.cancel();
    }
  }

  /** Undoes fencing where devices support it (SCSI: the node's key is registered again). */
  public void unfence(ClusterNode node) {
    executor.submit(
        () -> {
          for (FenceMethod method : node.fenceMethodsOrEmpty()) {
            for (FenceDeviceUse d : method.devices()) {
              if (!mayAct.getAsBoolean()) {
                return;
              }
              DeviceFencer.DeviceResult r = fencer.on(d, node.name());
              LOG.infof(
                  "node=%s unfence device=%s result=%s reason=%s",
                  node.name(), d.device(), r.succeeded() ? "ok" : "failed", r.message());
            }
          }
        });
  }

  public void shutdown() {
    executor.shutdownNow();
  }

  public boolean isFencing(String node) {
    return running.containsKey(node);
  }

  private void fenceUntilDone(String name, Job job, Listener listener) {
    Instant began = clock.instant();
    BooleanSupplier stop =
        () -> job.cancelled || !mayAct.getAsBoolean() || Thread.currentThread().isInterrupted();
    try {
      for (int round = 1; !stop.getAsBoolean(); round++) {
        ClusterNode node = latest.get(name);
        if (node == null) {
          return;
        }
        for (FenceMethod method : node.fenceMethodsOrEmpty()) {
          if (stop.getAsBoolean()) {
            return;
          }
          listener.started(node.name(), method.name());
          String failure = runMethod(node.name(), method.devices(), stop);
          if (stop.getAsBoolean()) {
            // Cancelled or deposed meanwhile: whatever the device said is not this job's to report.
            LOG.infof(
                "node=%s fence=cancelled method=%s round=%d", node.name(), method.name(), round);
            return;
          }
          if (failure == null) {
            Instant done = clock.instant();
            LOG.infof(
                "node=%s fence=succeeded method=%s round=%d", node.name(), method.name(), round);
            listener.succeeded(node.name(), method.name(), round, Duration.between(began, done));
            // Recorded last: membership reads the ledger, and acts on success at once.
            ledger.record(
                node.name(),
                new FenceOutcome(
                    true, method.name(), done, round, "fenced by method " + method.name()));
            return;
          }
          LOG.warnf(
              "node=%s fence=failed method=%s round=%d reason=%s",
              node.name(), method.name(), round, failure);
          ledger.record(
              node.name(),
              new FenceOutcome(
                  false,
                  method.name(),
                  clock.instant(),
                  round,
                  "method " + method.name() + " failed: " + failure));
          listener.methodFailed(node.name(), method.name(), round, failure);
        }
        Thread.sleep(backoff.after(round).toMillis());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      LOG.errorf("node=%s fence=aborted reason=%s", name, e.getClass().getSimpleName());
      if (stop.getAsBoolean()) {
        return;
      }
      ledger.record(
          name,
          new FenceOutcome(
              false,
              "none",
              clock.instant(),
              0,
              "fencing stopped by an internal error: " + e.getClass().getSimpleName()));
    } finally {
      running.remove(name, job);
    }
  }

  /** Every device off, then every device verified; returns null on success, else why not. */
  private String runMethod(String node, List<FenceDeviceUse> devices, BooleanSupplier stop) {
    StringBuilder why = new StringBuilder();
    Consumer<String> fail = m -> why.append(why.length() == 0 ? "" : "; ").append(m);
    for (FenceDeviceUse d : devices) {
      if (stop.getAsBoolean()) {
        return "cancelled";
      }
      DeviceFencer.DeviceResult r = fencer.off(d, node);
      if (!r.succeeded()) {
        fail.accept(d.device() + ": " + r.message());
      }
    }
    return why.length() == 0 ? null : why.toString();
  }

  /** Pause between rounds: doubles from a first delay up to a ceiling. */
  public record Backoff(Duration first, Duration max) {
    public Duration after(int round) {
      long ms = first.toMillis() << Math.min(round - 1, 20);
      return Duration.ofMillis(Math.min(ms, max.toMillis()));
    }
  }
}
