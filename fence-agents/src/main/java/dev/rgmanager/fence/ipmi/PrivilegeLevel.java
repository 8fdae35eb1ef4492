package dev.rgmanager.fence.ipmi;

import dev.rgmanager.fence.FenceException;
import java.util.Locale;

/** IPMI session privilege levels; powering a node off needs OPERATOR or higher. */
public enum PrivilegeLevel {
  CALLBACK(1),
  USER(2),
  OPERATOR(3),
  ADMINISTRATOR(4);

  final int code;

  PrivilegeLevel(int code) {
    this.code = code;
  }

  /** Parses ipmitool/fence_ipmilan spellings: user, operator, administrator (or admin). */
  public static PrivilegeLevel parse(String text) throws FenceException {
    switch (text.trim().toLowerCase(Locale.ROOT)) {
      case "callback":
        return CALLBACK;
      case "user":
        return USER;
      case "operator":
        return OPERATOR;
      case "administrator":
      case "admin":
        return ADMINISTRATOR;
      default:
        throw new FenceException(
            "privilege level '" + text + "' is not one of user, operator, administrator");
    }
  }
}
