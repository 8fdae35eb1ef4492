package dev.rgmanager.fence.ipmi;

import dev.rgmanager.fence.FenceException;

/** The BMC did not answer within the configured time. */
public class BmcTimeoutException extends FenceException {
  public BmcTimeoutException(String message) {
    super(message);
  }
}
