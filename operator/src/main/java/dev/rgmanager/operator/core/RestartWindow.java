package dev.rgmanager.operator.core;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The sliding restart window (max_restarts + restart_expire_time): restarts older than the expire
 * time are forgotten; when the remembered restarts already reach the maximum, the next failure is
 * not restarted in place.
 */
public final class RestartWindow {
  private RestartWindow() {}

  public static List<Instant> remembered(List<Instant> restarts, Duration expire, Instant now) {
    if (expire == null) {
      return List.copyOf(restarts);
    }
    List<Instant> out = new ArrayList<>();
    for (Instant t : restarts) {
      if (t.plus(expire).isAfter(now)) {
        out.add(t);
      }
    }
    return out;
  }

  /** True when another restart in place is not allowed. */
  public static boolean exhausted(ServiceFacts svc, Instant now) {
    if (svc.maxRestarts() == null || svc.restartExpire() == null) {
      return false;
    }
    return remembered(svc.restarts(), svc.restartExpire(), now).size() >= svc.maxRestarts();
  }
}
