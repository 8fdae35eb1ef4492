package dev.rgmanager.fence.iscsi;

import java.util.Map;

/** The operational parameters both sides agreed on at login that shape data transfers. */
final class SessionParameters {
  boolean immediateData;
  boolean initialR2t = true;
  int firstBurst = 65536;
  int targetMaxRecv = 8192;

  /** Applies the target's answers (RFC 7143 §13: ImmediateData is AND, InitialR2T is OR). */
  void apply(Map<String, String> keys) {
    if (keys.containsKey("ImmediateData")) {
      immediateData = keys.get("ImmediateData").equalsIgnoreCase("Yes");
    }
    if (keys.containsKey("InitialR2T")) {
      initialR2t = keys.get("InitialR2T").equalsIgnoreCase("Yes");
    }
    firstBurst = number(keys.get("FirstBurstLength"), firstBurst);
    targetMaxRecv = number(keys.get("MaxRecvDataSegmentLength"), targetMaxRecv);
  }

  private static int number(String v, int fallback) {
    try {
      return v == null ? fallback : Integer.parseInt(v.trim());
    } catch (NumberFormatException e) {
      return fallback;
    }
  }
}
