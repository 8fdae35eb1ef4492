package dev.rgmanager.fence.ipmi;

import java.time.Duration;

/**
 * Where and how to reach one BMC: address, user, cipher suite, privilege, and the time limits for
 * establishing a session, for one command, and between UDP retransmissions.
 */
public record BmcEndpoint(
    String host,
    int port,
    String username,
    CipherSuite cipherSuite,
    PrivilegeLevel privilege,
    Duration loginTimeout,
    Duration commandTimeout,
    Duration retransmitInterval) {

  /** Cipher suite 3, ADMINISTRATOR, 5 s to log in, 5 s per command, retransmit after 1 s. */
  public static BmcEndpoint of(String host, int port, String username) {
    return new BmcEndpoint(
        host,
        port,
        username,
        CipherSuite.SUITE_3,
        PrivilegeLevel.ADMINISTRATOR,
        Duration.ofSeconds(5),
        Duration.ofSeconds(5),
        Duration.ofSeconds(1));
  }

  @Override
  public String toString() {
    return host + ":" + port;
  }
}
