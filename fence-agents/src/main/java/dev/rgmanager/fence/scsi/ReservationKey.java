package dev.rgmanager.fence.scsi;

import dev.rgmanager.fence.FenceException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

/**
 * Reservation keys as fence_scsi derives them, so our keys and a Pacemaker cluster's agree: the
 * first four hex digits of MD5(cluster name), then the node ID as four decimal digits, or (no ID)
 * the first four hex digits of MD5(node name). The fencer (the operator) uses node ID 0, which
 * corosync never assigns.
 */
public final class ReservationKey {
  private ReservationKey() {}

  /** The key of node {@code nodeId} (1..9999) in {@code cluster}. */
  public static long forNodeId(String cluster, int nodeId) throws FenceException {
    if (nodeId < 0 || nodeId > 9999) {
      throw new FenceException("nodeid must be between 0 and 9999");
    }
    return parse(md5Prefix(cluster) + String.format(Locale.ROOT, "%04d", nodeId));
  }

  /** The key of node {@code node} in {@code cluster} (fence_scsi key_value=hash). */
  public static long forNodeName(String cluster, String node) throws FenceException {
    return parse(md5Prefix(cluster) + md5Prefix(node));
  }

  /** How {@link #forNodeName} derives the key, with every step's value, for messages. */
  public static String explainNodeName(String cluster, String node) throws FenceException {
    return format(forNodeName(cluster, node))
        + " (md5(\""
        + cluster
        + "\")[0:4] "
        + md5Prefix(cluster)
        + " + md5(node name \""
        + node
        + "\")[0:4] "
        + md5Prefix(node)
        + ")";
  }

  /** How {@link #forNodeId} derives the key, for messages. */
  public static String explainNodeId(String cluster, int nodeId) throws FenceException {
    return format(forNodeId(cluster, nodeId))
        + " (md5(\""
        + cluster
        + "\")[0:4] "
        + md5Prefix(cluster)
        + " + node ID "
        + String.format(Locale.ROOT, "%04d", nodeId)
        + ")";
  }

  /** The fencer's own key: node ID 0. */
  public static long fencer(String cluster) throws FenceException {
    return forNodeId(cluster, 0);
  }

  /** Parses a key as sg_persist and fence_scsi write it: hex, with or without 0x. */
  public static long parse(String hex) throws FenceException {
    String h = hex.trim().toLowerCase(Locale.ROOT);
    if (h.startsWith("0x")) {
      h = h.substring(2);
    }
    if (h.isEmpty() || h.length() > 16 || !h.matches("[0-9a-f]+")) {
      throw new FenceException("'" + hex + "' is not a reservation key (up to 16 hex digits)");
    }
    long key = Long.parseUnsignedLong(h, 16);
    if (key == 0) {
      throw new FenceException("reservation key 0 means 'no key' and cannot be used");
    }
    return key;
  }

  public static String format(long key) {
    return "0x" + Long.toHexString(key);
  }

  private static String md5Prefix(String text) throws FenceException {
    if (text == null || text.isBlank()) {
      throw new FenceException("a cluster and node name are needed to derive a key");
    }
    try {
      byte[] d = MessageDigest.getInstance("MD5").digest(text.getBytes(StandardCharsets.US_ASCII));
      return HexFormat.of().formatHex(d).substring(0, 4);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("MD5 unavailable", e);
    }
  }
}
