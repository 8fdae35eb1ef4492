package dev.rgmanager.fence;

/** A fence operation that failed; the message is for humans and never holds a credential. */
public class FenceException extends Exception {
  public FenceException(String message) {
    super(message);
  }

  public FenceException(String message, Throwable cause) {
    super(message, cause);
  }
}
