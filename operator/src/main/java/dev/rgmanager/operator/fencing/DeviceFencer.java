package dev.rgmanager.operator.fencing;

import dev.rgmanager.api.v1alpha1.FenceDeviceUse;

/**
 * Switches one fence device for one node: off (cut the node off), on (unfence), or reads status.
 */
public interface DeviceFencer {
  /** Powers the node off (or removes its storage access) and verifies it. */
  DeviceResult off(FenceDeviceUse device, String node);

  /** Undoes fencing where the agent supports it (SCSI: register the node's key again). */
  DeviceResult on(FenceDeviceUse device, String node);

  /** The outcome of one device action; the message never contains credentials. */
  record DeviceResult(boolean succeeded, String message) {}
}
