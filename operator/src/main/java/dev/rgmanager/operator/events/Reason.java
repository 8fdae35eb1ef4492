package dev.rgmanager.operator.events;

/** Every Event reason the operator emits; each state change of a service, node or fence action. */
public enum Reason {
  NodeJoined,
  NodeLost,
  QuorumLost,
  QuorumRegained,
  FenceStarted,
  FenceSucceeded,
  FenceFailed,
  FenceAcknowledgementRefused,
  QuorumDeviceUnreadable,
  AnotherHAClusterActive,
  NodeUnfenced,
  OutOfServiceTainted,
  OutOfServiceCleared,
  ServiceStarting,
  ServiceStarted,
  ServiceStopping,
  ServiceStopped,
  ServiceDisabled,
  ServiceFailed,
  ServiceRecovering,
  ServiceRestarted,
  ServiceRelocated,
  ServiceFrozen,
  ServiceUnfrozen,
  WaitingForFencing,
  OperationRefused,
  StatusCheckFailed,
  InvalidSpec
}
