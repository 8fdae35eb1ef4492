package dev.rgmanager.fence.ipmi;

import dev.rgmanager.fence.FenceException;

/** The BMC refused a session for a reason that may pass (no free slot, stale handshake). */
class TransientSessionException extends FenceException {
  TransientSessionException(String message) {
    super(message);
  }
}
