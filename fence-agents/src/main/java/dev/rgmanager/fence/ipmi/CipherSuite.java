package dev.rgmanager.fence.ipmi;

import dev.rgmanager.fence.FenceException;

/** The RMCP+ cipher suites we speak: each authenticates (RAKP-HMAC), signs and encrypts. */
public enum CipherSuite {
  /** RAKP-HMAC-SHA1, HMAC-SHA1-96, AES-CBC-128: the default, and what every BMC offers. */
  SUITE_3(3, 0x01, 0x01, 0x01, "HmacSHA1", 20, 12),
  /** RAKP-HMAC-SHA256, HMAC-SHA256-128, AES-CBC-128. */
  SUITE_17(17, 0x03, 0x04, 0x01, "HmacSHA256", 32, 16);

  final int id;
  final int authAlgorithm;
  final int integrityAlgorithm;
  final int confidentialityAlgorithm;
  final String hmac;
  final int hmacLength;
  final int integrityLength;

  CipherSuite(
      int id,
      int authAlgorithm,
      int integrityAlgorithm,
      int confidentialityAlgorithm,
      String hmac,
      int hmacLength,
      int integrityLength) {
    this.id = id;
    this.authAlgorithm = authAlgorithm;
    this.integrityAlgorithm = integrityAlgorithm;
    this.confidentialityAlgorithm = confidentialityAlgorithm;
    this.hmac = hmac;
    this.hmacLength = hmacLength;
    this.integrityLength = integrityLength;
  }

  public int id() {
    return id;
  }

  /**
   * Looks a suite up by its number. Suite 0 is refused outright: it skips authentication, so a BMC
   * accepts any password and anyone on the network could power nodes off.
   */
  public static CipherSuite byId(int id) throws FenceException {
    if (id == 0) {
      throw new FenceException(
          "cipher suite 0 is refused: it performs no authentication (any password is accepted);"
              + " use cipher suite 3 or 17");
    }
    for (CipherSuite s : values()) {
      if (s.id == id) {
        return s;
      }
    }
    throw new FenceException(
        "cipher suite "
            + id
            + " is not supported (supported: 3, 17); suites without integrity"
            + " or encryption are refused");
  }
}
