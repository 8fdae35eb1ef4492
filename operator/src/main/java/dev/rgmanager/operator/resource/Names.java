package dev.rgmanager.operator.resource;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

/**
 * Deterministic names for the objects a service owns: DNS-1123 labels of at most 63 characters,
 * distinct for distinct (service, resource[, node]) tuples.
 *
 * <p>Joining the parts with "-" alone is ambiguous ({@code db} + {@code app-x} and {@code db-app} +
 * {@code x} both give {@code db-app-x}), and a label has no character that a name part cannot hold.
 * So every name ends in a hash of the parts joined by "/", which no part can contain; the readable
 * prefix is only for people.
 */
public final class Names {
  private static final int MAX = 63;
  private static final int HASH_CHARS = 10;

  private Names() {}

  /** "service-resource[-node]-hash", the readable prefix shortened when the whole is too long. */
  public static String child(String... parts) {
    String hash = hash(String.join("/", parts));
    String readable =
        String.join("-", parts)
            .toLowerCase(Locale.ROOT)
            .replaceAll("[^a-z0-9-]", "-")
            .replaceAll("^-+", "");
    int room = MAX - HASH_CHARS - 1;
    if (readable.length() > room) {
      readable = readable.substring(0, room);
    }
    readable = readable.replaceAll("-+$", "");
    return readable.isEmpty() ? hash : readable + "-" + hash;
  }

  /**
   * The name {@link #child} gave before it carried a hash: objects made by an older operator are
   * still found (and kept routed) under it.
   */
  public static String legacyChild(String... parts) {
    return String.join("-", parts);
  }

  private static String hash(String text) {
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(d).substring(0, HASH_CHARS);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
