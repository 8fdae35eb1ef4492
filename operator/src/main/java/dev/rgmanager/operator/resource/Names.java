package dev.rgmanager.operator.resource;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Deterministic names for the objects a service owns, kept within Kubernetes' 63-character limit.
 */
public final class Names {
  private static final int MAX = 63;

  private Names() {}

  /** "service-resource", shortened with a hash suffix when too long. */
  public static String child(String... parts) {
    String joined = String.join("-", parts);
    if (joined.length() <= MAX) {
      return joined;
    }
    String hash = hash(joined);
    return joined.substring(0, MAX - hash.length() - 1).replaceAll("[-.]+$", "") + "-" + hash;
  }

  private static String hash(String text) {
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(d, 0, 4);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
