package dev.rgmanager.operator;

import jakarta.inject.Singleton;

/**
 * Whether this replica may still act. It stops being so the moment its leader Lease is lost or
 * released, before the process has finished exiting: from then on no reconciler takes a step,
 * starts fencing or writes a taint, so a deposed leader cannot act beside its successor while it
 * shuts down.
 */
@Singleton
public class Leadership {
  private volatile boolean lost;

  /** The leader Lease is lost or released: nothing more may be done. */
  void lose() {
    lost = true;
  }

  /** True once the leader Lease is lost or released. */
  public boolean lost() {
    return lost;
  }
}
