package dev.rgmanager.fence.scsi;

import dev.rgmanager.fence.AgentParameters;
import dev.rgmanager.fence.FenceException;
import dev.rgmanager.fence.Secret;
import dev.rgmanager.fence.iscsi.IscsiTarget;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The fence_rgm_scsi parameters: which LUNs (iSCSI portal or local devices), which keys (with how
 * the node's key was derived, for messages), and how long one action may take ({@code null}: no
 * limit beyond each command's own).
 */
public record ScsiOptions(
    long nodeKey, String keyDerivation, long fencerKey, List<Lun> luns, Duration actionTimeout) {
  /** The derivation of a key when no node is named: only monitor and list can run. */
  static final String NO_NODE = "no node named (plug, nodeid or key)";

  /** True when a node is named, so that off, on and status know whose key to act on. */
  public boolean namesNode() {
    return !NO_NODE.equals(keyDerivation);
  }

  public static final String DEFAULT_INITIATOR = "iqn.2024-01.dev.rgmanager:fencer";

  /** Opens the reservations of one logical unit for one action. */
  public interface Lun {
    PersistentReservations open() throws FenceException;
  }

  public static ScsiOptions from(AgentParameters p, Secret chapSecret) throws FenceException {
    boolean named =
        p.get("key").isPresent() || p.get("nodeid").isPresent() || p.get("plug").isPresent();
    // Monitoring a device needs no node: it only reads the LUNs' registrations.
    long node = named ? nodeKey(p) : 0L;
    String derivation = named ? derivation(p) : NO_NODE;
    long fencer =
        p.get("fencer_key").isPresent()
            ? ReservationKey.parse(p.get("fencer_key").get())
            : ReservationKey.fencer(p.require("cluster"));
    Duration actionTimeout = p.seconds("agent_timeout", null);
    Duration timeout = p.seconds("shell_timeout", Duration.ofSeconds(10));
    if (actionTimeout != null && actionTimeout.compareTo(timeout) < 0) {
      // No single command may outlast the whole action.
      timeout = actionTimeout;
    }
    List<Lun> luns = new ArrayList<>();
    if (p.get("portal").isPresent()) {
      IscsiTarget target = iscsiTarget(p, timeout);
      luns.add(() -> new ChannelReservations(target.login(chapSecret), "iSCSI " + target));
    }
    for (String device : p.get("devices", "").split(",")) {
      if (!device.isBlank()) {
        String path = device.trim();
        String tool = p.get("sg_persist_path", "sg_persist");
        Duration commandTimeout = timeout;
        luns.add(() -> new SgPersistReservations(tool, path, commandTimeout));
      }
    }
    if (luns.isEmpty()) {
      throw new FenceException("set portal and target (iSCSI) or devices (local block devices)");
    }
    return new ScsiOptions(node, derivation, fencer, luns, actionTimeout);
  }

  private static String derivation(AgentParameters p) throws FenceException {
    if (p.get("key").isPresent()) {
      return ReservationKey.format(nodeKey(p)) + " (given as the key parameter)";
    }
    String cluster = p.require("cluster");
    if (p.get("nodeid").isPresent()) {
      return ReservationKey.explainNodeId(cluster, p.integer("nodeid", 0));
    }
    return ReservationKey.explainNodeName(cluster, p.require("plug"));
  }

  private static long nodeKey(AgentParameters p) throws FenceException {
    if (p.get("key").isPresent()) {
      return ReservationKey.parse(p.get("key").get());
    }
    String cluster = p.require("cluster");
    if (p.get("nodeid").isPresent()) {
      return ReservationKey.forNodeId(cluster, p.integer("nodeid", 0));
    }
    return ReservationKey.forNodeName(cluster, p.require("plug"));
  }

  private static IscsiTarget iscsiTarget(AgentParameters p, Duration timeout)
      throws FenceException {
    String portal = p.require("portal");
    int colon = portal.lastIndexOf(':');
    String host = colon > 0 && !portal.endsWith("]") ? portal.substring(0, colon) : portal;
    int port = 3260;
    if (colon > 0 && !portal.endsWith("]")) {
      try {
        port = Integer.parseInt(portal.substring(colon + 1));
      } catch (NumberFormatException e) {
        throw new FenceException("portal must be host:port");
      }
    }
    host = host.replace("[", "").replace("]", "");
    return new IscsiTarget(
        host,
        port,
        p.require("target"),
        p.integer("lun", 0),
        p.get("initiator_name", DEFAULT_INITIATOR),
        p.get("chap_username").orElse(null),
        timeout);
  }
}
