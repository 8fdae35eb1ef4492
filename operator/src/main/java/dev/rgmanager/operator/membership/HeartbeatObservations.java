package dev.rgmanager.operator.membership;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * When the operator saw each node's heartbeat Lease renewed, on its own clock: a heartbeat's age is
 * measured from the moment its {@code renewTime} was seen to change, never by comparing the
 * kubelet's clock with the operator's (as Kubernetes' node lifecycle controller does). A renewal
 * seen for the first time (the operator just started) counts as seen now.
 *
 * <p>The Leases share one store (etcd, behind the API server). When it stalls, no member can renew
 * and every heartbeat ages at once, although no node failed. So a heartbeat's age counts only time
 * in which the store took renewals: a silence of every member longer than the token timeout is the
 * store's, not the nodes' ({@link #stalled}), and once renewals arrive again every heartbeat counts
 * from then ({@link #heartbeat}), so that each live member has a whole token to renew before it can
 * be judged lost.
 */
public final class HeartbeatObservations {
  private record Seen(Instant renewTime, Instant at) {}

  private final Map<String, Seen> seen = new ConcurrentHashMap<>();
  // The last renewal seen from any member, and when renewals came again after the last silence
  // longer than the token timeout (null: none seen yet).
  private volatile Instant lastRenewal;
  private volatile Instant resumedAt;
  private volatile Duration token = Duration.ofSeconds(10);

  /** The token timeout, which tells a member's silence from the store's. */
  public void tokenTimeout(Duration tokenTimeout) {
    this.token = tokenTimeout;
  }

  /**
   * Records that {@code node}'s Lease carries {@code renewTime} at {@code now}; returns when the
   * operator first saw that renewal (null when the Lease has no renew time).
   */
  public Instant observe(String node, Instant renewTime, Instant now) {
    if (renewTime == null) {
      seen.remove(node);
      return null;
    }
    Seen before = seen.get(node);
    Seen after =
        seen.compute(
            node,
            (n, old) ->
                old != null && Objects.equals(old.renewTime(), renewTime)
                    ? old
                    : new Seen(renewTime, now));
    if (before != null && !Objects.equals(before.renewTime(), renewTime)) {
      renewalSeen(now);
    } else if (before == null && lastRenewal == null) {
      lastRenewal = now;
    }
    return after.at();
  }

  private synchronized void renewalSeen(Instant now) {
    if (lastRenewal != null && Duration.between(lastRenewal, now).compareTo(token) > 0) {
      resumedAt = now;
    }
    if (lastRenewal == null || now.isAfter(lastRenewal)) {
      lastRenewal = now;
    }
  }

  /**
   * True while no member has renewed for longer than the token timeout: the store (or the way to
   * it) has stalled, and no member can be judged by its heartbeat now.
   */
  public boolean stalled(Instant now) {
    Instant last = lastRenewal;
    return last != null && Duration.between(last, now).compareTo(token) > 0;
  }

  /**
   * A member's heartbeat for judging it: when its renewal was seen, but no earlier than when the
   * store took renewals again after its last stall.
   */
  public Instant heartbeat(Instant seenAt) {
    Instant resumed = resumedAt;
    return seenAt == null || resumed == null || seenAt.isAfter(resumed) ? seenAt : resumed;
  }

  /** Forgets a node whose Lease was deleted. */
  public void forget(String node) {
    seen.remove(node);
  }
}
