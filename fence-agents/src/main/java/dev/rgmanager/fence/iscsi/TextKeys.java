package dev.rgmanager.fence.iscsi;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** iSCSI text keys: key=value pairs, each ended by a NUL byte, as login PDUs carry them. */
final class TextKeys {
  private TextKeys() {}

  static byte[] encode(Map<String, String> keys) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    keys.forEach(
        (k, v) -> {
          out.writeBytes((k + "=" + v).getBytes(StandardCharsets.UTF_8));
          out.write(0);
        });
    return out.toByteArray();
  }

  static Map<String, String> decode(byte[] data) {
    Map<String, String> keys = new LinkedHashMap<>();
    for (String pair : new String(data, StandardCharsets.UTF_8).split("\0")) {
      int eq = pair.indexOf('=');
      if (eq > 0) {
        keys.put(pair.substring(0, eq), pair.substring(eq + 1));
      }
    }
    return keys;
  }
}
