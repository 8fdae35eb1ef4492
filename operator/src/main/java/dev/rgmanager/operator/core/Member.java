package dev.rgmanager.operator.core;

import java.time.Instant;

/**
 * A cluster member as membership last decided: online, whether it is fenced, since when it has been
 * online and available (null when unknown), and whether it is in standby. Failback considers only
 * members that joined, or left standby, after the service last moved: rgmanager fails back when a
 * node joins, not at every evaluation.
 *
 * <p>A member in standby (its node cordoned) is online and votes, but no service may start there,
 * and the services it runs move to the next legal member; one that no other member can run stays
 * (see {@link Placement}).
 */
public record Member(
    String name, boolean online, boolean fenced, Instant onlineSince, boolean standby) {
  public Member(String name, boolean online, boolean fenced, Instant onlineSince) {
    this(name, online, fenced, onlineSince, false);
  }

  public Member(String name, boolean online, boolean fenced) {
    this(name, online, fenced, null, false);
  }
}
