package dev.rgmanager.fence.iscsi;

import dev.rgmanager.fence.FenceException;
import dev.rgmanager.fence.Secret;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;

/** CHAP with MD5 (RFC 1994 as iSCSI uses it): answers the target's challenge with our secret. */
final class Chap {
  private Chap() {}

  /** CHAP_R for identifier {@code id} and challenge {@code challenge} ("0x.." or "0b.."). */
  static String response(String id, Secret secret, String challenge) throws FenceException {
    try {
      MessageDigest md5 = MessageDigest.getInstance("MD5");
      md5.update((byte) Integer.parseInt(id.trim()));
      md5.update(secret.bytes());
      md5.update(decode(challenge));
      return "0x" + HexFormat.of().formatHex(md5.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new FenceException("MD5 is not available for CHAP in this JVM");
    } catch (IllegalArgumentException e) {
      throw new FenceException("the target sent a malformed CHAP challenge");
    }
  }

  private static byte[] decode(String value) {
    String v = value.trim();
    if (v.startsWith("0x") || v.startsWith("0X")) {
      return HexFormat.of().parseHex(v.substring(2));
    }
    if (v.startsWith("0b") || v.startsWith("0B")) {
      return Base64.getDecoder().decode(v.substring(2));
    }
    throw new IllegalArgumentException("unknown CHAP encoding");
  }
}
