package dev.rgmanager.fence.scsi;

import dev.rgmanager.fence.AgentDescription;
import dev.rgmanager.fence.ParameterSpec;
import dev.rgmanager.fence.ParameterSpec.Type;
import java.util.List;

/** The parameters of fence_rgm_scsi (fence_scsi's names where they exist). */
public final class ScsiDescription {
  private ScsiDescription() {}

  public static AgentDescription get() {
    List<ParameterSpec> p = AgentDescription.common();
    p.add(
        ParameterSpec.string(
            "plug", "-n, --plug=[nodename]", "Name of the node to be fenced or unfenced"));
    p.add(
        ParameterSpec.string(
            "cluster", "--cluster=[name]", "Cluster name: the first half of every key"));
    p.add(
        ParameterSpec.of(
            "nodeid",
            Type.INTEGER,
            null,
            "--nodeid=[id]",
            "Corosync node ID of the node (key = md5(cluster)[0:4] + %04d id)"));
    p.add(ParameterSpec.string("key", "-k, --key=[key]", "Key of the node, overriding nodeid"));
    p.add(
        ParameterSpec.string(
            "fencer_key",
            "--fencer-key=[key]",
            "Key the fencer registers to preempt with (default: node ID 0)"));
    p.add(
        ParameterSpec.string(
            "devices", "-d, --devices=[devices]", "Local block devices (sg_persist)"));
    p.add(
        ParameterSpec.string("sg_persist_path", "--sg_persist-path=[path]", "Path to sg_persist"));
    p.add(
        ParameterSpec.of(
            "agent_timeout",
            Type.SECOND,
            null,
            "--agent-timeout=[seconds]",
            "Fail an action that takes longer than this, all LUNs and commands together"));
    p.add(ParameterSpec.string("portal", "--portal=[host:port]", "iSCSI portal"));
    p.add(ParameterSpec.string("target", "--target=[iqn]", "iSCSI target name"));
    p.add(ParameterSpec.of("lun", Type.INTEGER, "0", "--lun=[lun]", "iSCSI logical unit"));
    p.add(
        ParameterSpec.of(
            "initiator_name",
            Type.STRING,
            ScsiOptions.DEFAULT_INITIATOR,
            "--initiator-name=[iqn]",
            "Our iSCSI initiator name"));
    p.add(
        ParameterSpec.string(
            "chap_username", "--chap-username=[name]", "iSCSI CHAP user (secret: password)"));
    p.add(ParameterSpec.string("password", "-p, --password=[password]", "iSCSI CHAP secret"));
    p.add(
        ParameterSpec.string(
            "password_script",
            "-S, --password-script=[script]",
            "Script printing the CHAP secret"));
    return new AgentDescription(
        "fence_rgm_scsi",
        "Fence agent for SCSI-3 persistent reservations (rgmanager-operator)",
        "fence_rgm_scsi cuts a node off shared storage with SCSI-3 persistent reservations, as"
            + " fence_scsi does (Write Exclusive - Registrants Only; PREEMPT AND ABORT, PREEMPT"
            + " where unsupported), over its own iSCSI initiator or over sg_persist for local"
            + " block devices. Keys are derived as fence_scsi derives them.",
        p,
        true);
  }
}
