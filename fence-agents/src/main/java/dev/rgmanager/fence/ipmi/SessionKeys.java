package dev.rgmanager.fence.ipmi;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The keys RAKP derives for an RMCP+ session (SIK, K1 for integrity, K2 for AES) and the HMAC and
 * AES-CBC-128 operations that use them.
 */
final class SessionKeys {
  private static final SecureRandom RANDOM = new SecureRandom();
  private final CipherSuite suite;
  private final byte[] sik;
  private final byte[] k1;
  private final byte[] aesKey;

  SessionKeys(CipherSuite suite, byte[] sik) {
    this.suite = suite;
    this.sik = sik;
    this.k1 = hmac(suite, sik, constant(suite, (byte) 1));
    this.aesKey = Arrays.copyOf(hmac(suite, sik, constant(suite, (byte) 2)), 16);
  }

  private static byte[] constant(CipherSuite suite, byte b) {
    byte[] c = new byte[suite.hmacLength];
    Arrays.fill(c, b);
    return c;
  }

  /** HMAC with the suite's hash; an empty key is the all-zero key BMCs use for no password. */
  static byte[] hmac(CipherSuite suite, byte[] key, byte[]... parts) {
    try {
      Mac mac = Mac.getInstance(suite.hmac);
      byte[] k = key.length == 0 ? new byte[suite.hmacLength] : key;
      mac.init(new SecretKeySpec(k, suite.hmac));
      for (byte[] p : parts) {
        mac.update(p);
      }
      return mac.doFinal();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("JDK lacks " + suite.hmac, e);
    }
  }

  static boolean matches(byte[] expected, byte[] actual) {
    return MessageDigest.isEqual(expected, actual);
  }

  byte[] sik() {
    return sik;
  }

  /** The integrity code (AuthCode) over a packet's session header through next-header byte. */
  byte[] integrity(byte[] data, int offset, int length) {
    byte[] part = Arrays.copyOfRange(data, offset, offset + length);
    return Arrays.copyOf(hmac(suite, k1, part), suite.integrityLength);
  }

  /** Whether the suite has a confidentiality algorithm, so every session payload is encrypted. */
  boolean encrypts() {
    return suite.confidentialityAlgorithm != 0;
  }

  int integrityLength() {
    return suite.integrityLength;
  }

  /** AES-CBC-128 with a random IV and IPMI's 1,2,3.. pad followed by the pad length. */
  byte[] encrypt(byte[] plain) {
    int pad = (16 - (plain.length + 1) % 16) % 16;
    byte[] block = new byte[plain.length + pad + 1];
    System.arraycopy(plain, 0, block, 0, plain.length);
    for (int i = 0; i < pad; i++) {
      block[plain.length + i] = (byte) (i + 1);
    }
    block[block.length - 1] = (byte) pad;
    byte[] iv = new byte[16];
    RANDOM.nextBytes(iv);
    try {
      Cipher aes = Cipher.getInstance("AES/CBC/NoPadding");
      aes.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(aesKey, "AES"), new IvParameterSpec(iv));
      byte[] sealed = aes.doFinal(block);
      byte[] out = new byte[16 + sealed.length];
      System.arraycopy(iv, 0, out, 0, 16);
      System.arraycopy(sealed, 0, out, 16, sealed.length);
      return out;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-CBC unavailable", e);
    }
  }

  byte[] decrypt(byte[] payload) throws GeneralSecurityException {
    if (payload.length < 32 || payload.length % 16 != 0) {
      throw new GeneralSecurityException("encrypted payload of bad length " + payload.length);
    }
    Cipher aes = Cipher.getInstance("AES/CBC/NoPadding");
    aes.init(
        Cipher.DECRYPT_MODE, new SecretKeySpec(aesKey, "AES"), new IvParameterSpec(payload, 0, 16));
    byte[] block = aes.doFinal(payload, 16, payload.length - 16);
    int pad = block[block.length - 1] & 0xff;
    if (pad >= block.length) {
      throw new GeneralSecurityException("bad confidentiality pad");
    }
    return Arrays.copyOf(block, block.length - 1 - pad);
  }
}
