package dev.rgmanager.operator.core;

import java.util.EnumSet;
import java.util.Set;

/** Service operations (clusvcadm) and the states each is allowed from. */
public enum Operation {
  ENABLE(EnumSet.of(State.STOPPED, State.DISABLED)),
  DISABLE(EnumSet.of(State.STARTED, State.STOPPED, State.FAILED, State.RECOVERING, State.DISABLED)),
  RELOCATE(EnumSet.of(State.STARTED)),
  STOP(EnumSet.of(State.STARTED, State.STOPPED, State.RECOVERING)),
  RESTART(EnumSet.of(State.STARTED)),
  MIGRATE(EnumSet.of(State.STARTED)),
  FREEZE(EnumSet.allOf(State.class)),
  UNFREEZE(EnumSet.allOf(State.class));

  private final Set<State> allowedFrom;

  Operation(Set<State> allowedFrom) {
    this.allowedFrom = allowedFrom;
  }

  public boolean allowedIn(State state) {
    return state == null
        ? this == ENABLE || this == DISABLE || this == STOP || this == FREEZE || this == UNFREEZE
        : allowedFrom.contains(state);
  }

  public String word() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
