package dev.rgmanager.fence.iscsi;

import dev.rgmanager.fence.FenceException;
import dev.rgmanager.fence.Secret;
import java.time.Duration;

/**
 * One iSCSI logical unit and how to log in to it: portal, target name, LUN, our initiator name,
 * optional CHAP user (its secret is passed separately), and the I/O timeout.
 */
public record IscsiTarget(
    String host,
    int port,
    String targetName,
    int lun,
    String initiatorName,
    String chapUser,
    Duration timeout) {

  public static IscsiTarget of(
      String host, int port, String targetName, int lun, String initiator) {
    return new IscsiTarget(host, port, targetName, lun, initiator, null, Duration.ofSeconds(10));
  }

  /** Opens a session (login) to this target. */
  public IscsiSession login(Secret chapSecret) throws FenceException {
    return IscsiSession.login(this, chapSecret);
  }

  @Override
  public String toString() {
    return targetName + " at " + host + ":" + port + " LUN " + lun;
  }
}
