package dev.rgmanager.operator.fencing;

import dev.rgmanager.api.v1alpha1.FenceAgentType;
import dev.rgmanager.api.v1alpha1.FenceDevice;
import dev.rgmanager.api.v1alpha1.FenceDeviceSpec;
import dev.rgmanager.api.v1alpha1.FenceDeviceUse;
import dev.rgmanager.api.v1alpha1.IpmiSettings;
import dev.rgmanager.api.v1alpha1.ScsiSettings;
import dev.rgmanager.api.v1alpha1.SecretKeyRef;
import dev.rgmanager.fence.FenceAgent;
import dev.rgmanager.fence.FenceAgents;
import dev.rgmanager.fence.FenceException;
import dev.rgmanager.fence.FenceResult;
import dev.rgmanager.fence.scsi.KeyWitness;
import dev.rgmanager.operator.membership.Durations;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Drives a FenceDevice through the fence-agents library: resolves the device and its credentials
 * Secret, maps the typed settings to the agent's ClusterLabs parameters, chooses the victim itself
 * (the node, or the plug its fence method names), and never lets a credential reach a message.
 */
public class AgentDeviceFencer implements DeviceFencer {
  /**
   * Names in a node's use of a device that designate the victim rather than configure the agent.
   */
  private static final Set<String> VICTIM_NAMES = Set.of("plug", "port", "nodename");

  private final KubernetesClient client;
  private final Supplier<String> clusterName;

  /**
   * SCSI keys seen registered (by the device monitor, an unfencing or a fencing), for this operator
   * process's life: the evidence that an absent key was fenced. Shared with the device monitor, so
   * a key the monitor saw before the node was lost counts.
   */
  private final KeyWitness witness;

  public AgentDeviceFencer(
      KubernetesClient client, Supplier<String> clusterName, KeyWitness witness) {
    this.client = client;
    this.clusterName = clusterName;
    this.witness = witness;
  }

  @Override
  public DeviceResult off(FenceDeviceUse use, String node) {
    return act(use, node, true);
  }

  @Override
  public DeviceResult on(FenceDeviceUse use, String node) {
    return act(use, node, false);
  }

  /** Monitors a device (its status in FenceDevice.status). */
  public DeviceResult monitor(FenceDevice device) {
    try {
      return result(agent(device, Map.of(), null).monitor());
    } catch (FenceException e) {
      return new DeviceResult(false, e.getMessage());
    }
  }

  private DeviceResult act(FenceDeviceUse use, String node, boolean off) {
    FenceDevice device =
        client
            .resources(FenceDevice.class)
            .inNamespace(use.namespace())
            .withName(use.device())
            .get();
    if (device == null) {
      return new DeviceResult(
          false, "FenceDevice " + use.namespace() + "/" + use.device() + " does not exist");
    }
    try {
      FenceAgent agent =
          agent(device, use.parameters() == null ? Map.of() : use.parameters(), node);
      if (!off && device.getSpec().agent() != dev.rgmanager.api.v1alpha1.FenceAgentType.SCSI) {
        // Power is not switched back on automatically: the administrator brings a fenced node back.
        return new DeviceResult(true, "nothing to undo for a power device");
      }
      return result(off ? agent.off() : agent.on());
    } catch (FenceException e) {
      return new DeviceResult(false, e.getMessage());
    }
  }

  FenceAgent agent(FenceDevice device, Map<String, String> useParameters, String node)
      throws FenceException {
    FenceDeviceSpec spec = device.getSpec();
    Map<String, String> p = new LinkedHashMap<>(spec.parametersOrEmpty());
    String agentName;
    switch (spec.agent()) {
      case IPMILAN -> {
        agentName = FenceAgents.IPMILAN;
        IpmiSettings ipmi = spec.ipmi();
        p.put("ip", ipmi.address());
        put(p, "ipport", ipmi.port());
        put(p, "cipher", ipmi.cipherSuite());
        if (ipmi.privilegeLevel() != null) {
          p.put("privlvl", ipmi.privilegeLevel().name().toLowerCase(Locale.ROOT));
        }
        if (ipmi.method() != null) {
          p.put("method", ipmi.method().name().toLowerCase(Locale.ROOT));
        }
        if (ipmi.powerWait() != null) {
          p.put("power_wait", seconds(ipmi.powerWait()));
        }
        p.put("power_timeout", seconds(spec.timeoutOrDefault()));
      }
      case SCSI -> {
        agentName = FenceAgents.SCSI;
        ScsiSettings scsi = spec.scsi();
        if (scsi.portal() != null) {
          p.put("portal", scsi.portal());
          p.put("target", scsi.targetIqn());
          put(p, "lun", scsi.lun());
        } else {
          p.put("devices", scsi.devicePath());
        }
        p.put("cluster", scsi.keyPrefix() != null ? scsi.keyPrefix() : clusterName.get());
        p.put("agent_timeout", seconds(spec.timeoutOrDefault()));
      }
      default -> {
        agentName = spec.externalAgent();
        p.put("agent_timeout", seconds(spec.timeoutOrDefault()));
      }
    }
    Map<String, String> victim = new LinkedHashMap<>();
    for (Map.Entry<String, String> e : useParameters.entrySet()) {
      String name = e.getKey().trim().toLowerCase(Locale.ROOT);
      if (VICTIM_NAMES.contains(name)) {
        String previous = victim.put("plug", e.getValue());
        if (previous != null && !previous.equals(e.getValue())) {
          throw new FenceException(
              "the fence method names two different plugs for node "
                  + node
                  + " (plug, port, nodename): keep one");
        }
      } else if (spec.agent() == FenceAgentType.SCSI
          && (name.equals("nodeid") || name.equals("key"))) {
        // A node's own SCSI key (fence_scsi's nodeid form): per node, so it names the victim.
        victim.put(name, e.getValue());
      } else {
        p.put(e.getKey(), e.getValue());
      }
    }
    if (node != null) {
      victim.putIfAbsent("plug", node);
    }
    Credentials c = credentials(device);
    if (c.username() != null) {
      p.put(
          spec.agent() == dev.rgmanager.api.v1alpha1.FenceAgentType.SCSI
              ? "chap_username"
              : "username",
          c.username());
    }
    return FenceAgents.create(
        agentName, p, victim, dev.rgmanager.fence.Secret.of(c.password()), witness);
  }

  private record Credentials(String username, String password) {}

  private Credentials credentials(FenceDevice device) throws FenceException {
    SecretKeyRef ref = device.getSpec().credentialsSecretRef();
    if (ref == null) {
      return new Credentials(null, null);
    }
    var secret =
        client
            .secrets()
            .inNamespace(device.getMetadata().getNamespace())
            .withName(ref.name())
            .get();
    if (secret == null) {
      throw new FenceException(
          "credentials Secret "
              + device.getMetadata().getNamespace()
              + "/"
              + ref.name()
              + " does not exist");
    }
    return new Credentials(
        value(secret, ref.usernameKeyOrDefault()), value(secret, ref.passwordKeyOrDefault()));
  }

  private static String value(io.fabric8.kubernetes.api.model.Secret s, String key) {
    if (s.getData() != null && s.getData().get(key) != null) {
      return new String(Base64.getDecoder().decode(s.getData().get(key)), StandardCharsets.UTF_8);
    }
    return s.getStringData() == null ? null : s.getStringData().get(key);
  }

  private static DeviceResult result(FenceResult r) {
    return new DeviceResult(r.succeeded(), r.message());
  }

  private static void put(Map<String, String> p, String key, Integer value) {
    if (value != null) {
      p.put(key, value.toString());
    }
  }

  private static String seconds(String duration) {
    return String.valueOf(Durations.parse(duration).toMillis() / 1000.0);
  }
}
