package dev.rgmanager.operator.core;

import java.time.Instant;

/**
 * A cluster member as membership last decided: online, whether it is fenced, and since when it has
 * been online (null when unknown). Failback considers only members that joined after the service
 * last moved: rgmanager fails back when a node joins, not at every evaluation.
 */
public record Member(String name, boolean online, boolean fenced, Instant onlineSince) {
  public Member(String name, boolean online, boolean fenced) {
    this(name, online, fenced, null);
  }
}
