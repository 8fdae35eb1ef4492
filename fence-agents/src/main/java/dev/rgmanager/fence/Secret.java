package dev.rgmanager.fence;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * A credential (BMC password, CHAP secret) that prints as asterisks and can scrub itself from text.
 */
public final class Secret {
  private static final Secret NONE = new Secret("");
  private final String value;

  private Secret(String value) {
    this.value = Objects.requireNonNull(value);
  }

  /** Wraps a credential; {@code null} means none. */
  public static Secret of(String value) {
    return value == null || value.isEmpty() ? NONE : new Secret(value);
  }

  /** No credential. */
  public static Secret none() {
    return NONE;
  }

  public boolean isEmpty() {
    return value.isEmpty();
  }

  /** The bytes a protocol needs (HMAC key, CHAP secret); callers must not log them. */
  public byte[] bytes() {
    return value.getBytes(StandardCharsets.UTF_8);
  }

  /** The clear text, for a child process's stdin only. */
  public String reveal() {
    return value;
  }

  /** Replaces every occurrence of this secret in {@code text}, so no message can leak it. */
  public String redact(String text) {
    if (text == null || value.isEmpty()) {
      return text;
    }
    return text.replace(value, "******");
  }

  @Override
  public String toString() {
    return isEmpty() ? "" : "******";
  }
}
