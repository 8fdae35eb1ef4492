package dev.rgmanager.operator.membership;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * When the operator saw each node's heartbeat Lease renewed, on its own clock: a heartbeat's age is
 * measured from the moment its {@code renewTime} was seen to change, never by comparing the
 * kubelet's clock with the operator's (as Kubernetes' node lifecycle controller does). A renewal
 * seen for the first time (the operator just started) counts as seen now.
 */
public final class HeartbeatObservations {
  private record Seen(Instant renewTime, Instant at) {}

  private final Map<String, Seen> seen = new ConcurrentHashMap<>();

  /**
   * Records that {@code node}'s Lease carries {@code renewTime} at {@code now}; returns when the
   * operator first saw that renewal (null when the Lease has no renew time).
   */
  public Instant observe(String node, Instant renewTime, Instant now) {
    if (renewTime == null) {
      seen.remove(node);
      return null;
    }
    return seen.compute(
            node,
            (n, old) ->
                old != null && Objects.equals(old.renewTime(), renewTime)
                    ? old
                    : new Seen(renewTime, now))
        .at();
  }

  /** Forgets a node whose Lease was deleted. */
  public void forget(String node) {
    seen.remove(node);
  }
}
