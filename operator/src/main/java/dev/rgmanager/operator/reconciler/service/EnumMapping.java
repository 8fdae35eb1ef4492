package dev.rgmanager.operator.reconciler.service;

import dev.rgmanager.api.v1alpha1.DesiredState;
import dev.rgmanager.api.v1alpha1.RecoveryPolicy;
import dev.rgmanager.api.v1alpha1.ServiceState;
import dev.rgmanager.operator.core.Desired;
import dev.rgmanager.operator.core.NoQuorumPolicy;
import dev.rgmanager.operator.core.Recovery;
import dev.rgmanager.operator.core.State;

/**
 * Converts the API's enums to the decision core's mirrors of them and back. Exhaustive switches
 * rather than {@code valueOf(name())}: a constant added on one side and not the other is a compile
 * error here, not an exception at run time. An unset value (null) stays unset.
 */
public final class EnumMapping {
  private EnumMapping() {}

  public static State toCore(ServiceState s) {
    if (s == null) {
      return null;
    }
    return switch (s) {
      case STARTED -> State.STARTED;
      case STOPPED -> State.STOPPED;
      case DISABLED -> State.DISABLED;
      case FAILED -> State.FAILED;
      case RECOVERING -> State.RECOVERING;
      case STARTING -> State.STARTING;
      case STOPPING -> State.STOPPING;
      case MIGRATING -> State.MIGRATING;
    };
  }

  public static ServiceState toApi(State s) {
    if (s == null) {
      return null;
    }
    return switch (s) {
      case STARTED -> ServiceState.STARTED;
      case STOPPED -> ServiceState.STOPPED;
      case DISABLED -> ServiceState.DISABLED;
      case FAILED -> ServiceState.FAILED;
      case RECOVERING -> ServiceState.RECOVERING;
      case STARTING -> ServiceState.STARTING;
      case STOPPING -> ServiceState.STOPPING;
      case MIGRATING -> ServiceState.MIGRATING;
    };
  }

  public static Desired toCore(DesiredState d) {
    if (d == null) {
      return null;
    }
    return switch (d) {
      case ENABLED -> Desired.ENABLED;
      case DISABLED -> Desired.DISABLED;
      case STOPPED -> Desired.STOPPED;
    };
  }

  public static DesiredState toApi(Desired d) {
    if (d == null) {
      return null;
    }
    return switch (d) {
      case ENABLED -> DesiredState.ENABLED;
      case DISABLED -> DesiredState.DISABLED;
      case STOPPED -> DesiredState.STOPPED;
    };
  }

  public static Recovery toCore(RecoveryPolicy r) {
    if (r == null) {
      return null;
    }
    return switch (r) {
      case RESTART -> Recovery.RESTART;
      case RELOCATE -> Recovery.RELOCATE;
      case DISABLE -> Recovery.DISABLE;
      case RESTART_DISABLE -> Recovery.RESTART_DISABLE;
    };
  }

  public static RecoveryPolicy toApi(Recovery r) {
    if (r == null) {
      return null;
    }
    return switch (r) {
      case RESTART -> RecoveryPolicy.RESTART;
      case RELOCATE -> RecoveryPolicy.RELOCATE;
      case DISABLE -> RecoveryPolicy.DISABLE;
      case RESTART_DISABLE -> RecoveryPolicy.RESTART_DISABLE;
    };
  }

  public static NoQuorumPolicy toCore(dev.rgmanager.api.v1alpha1.NoQuorumPolicy p) {
    if (p == null) {
      return null;
    }
    return switch (p) {
      case STOP -> NoQuorumPolicy.STOP;
      case FREEZE -> NoQuorumPolicy.FREEZE;
    };
  }

  public static dev.rgmanager.api.v1alpha1.NoQuorumPolicy toApi(NoQuorumPolicy p) {
    if (p == null) {
      return null;
    }
    return switch (p) {
      case STOP -> dev.rgmanager.api.v1alpha1.NoQuorumPolicy.STOP;
      case FREEZE -> dev.rgmanager.api.v1alpha1.NoQuorumPolicy.FREEZE;
    };
  }
}
