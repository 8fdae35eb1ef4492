package dev.rgmanager.fence.ipmi;

/**
 * Human texts for IPMI completion codes and RMCP+ session status codes, worded as ipmitool does.
 */
final class StatusCodes {
  private StatusCodes() {}

  static String completion(int code) {
    switch (code) {
      case 0xC0:
        return "Node busy";
      case 0xC1:
        return "Invalid command";
      case 0xC3:
        return "Timeout";
      case 0xC7:
        return "Request data length invalid";
      case 0xCC:
        return "Invalid data field in request";
      case 0xD4:
        return "Insufficient privilege level";
      case 0xD5:
        return "Command not supported in present state";
      case 0xFF:
        return "Unspecified error";
      default:
        return String.format("completion code 0x%02x", code);
    }
  }

  static String session(int code) {
    switch (code) {
      case 0x01:
        return "insufficient resources to create a session";
      case 0x02:
        return "invalid session ID";
      case 0x04:
        return "invalid authentication algorithm";
      case 0x05:
        return "invalid integrity algorithm";
      case 0x09:
        return "invalid role";
      case 0x0A:
        return "unauthorized role or privilege level requested";
      case 0x0B:
        return "insufficient resources to create a session at the requested role";
      case 0x0C:
        return "invalid user name length";
      case 0x0D:
        return "unauthorized name (unknown user)";
      case 0x0F:
        return "invalid integrity check value";
      case 0x10:
        return "invalid confidentiality algorithm";
      case 0x11:
        return "no cipher suite match with proposed security algorithms";
      default:
        return String.format("RMCP+ status 0x%02x", code);
    }
  }
}
