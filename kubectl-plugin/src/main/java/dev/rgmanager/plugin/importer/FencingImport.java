package dev.rgmanager.plugin.importer;

import dev.rgmanager.fence.FenceException;
import dev.rgmanager.fence.ParameterPolicy;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * {@code <fencedevices>} to FenceDevices, with a Secret stub for each device's login: passwords are
 * never read into the output, the administrator fills them in.
 */
final class FencingImport {
  /** Agents that are fence_ipmilan under another name (the same program, symlinked). */
  private static final Set<String> IPMI_AGENTS =
      Set.of("fence_ipmilan", "fence_idrac", "fence_ilo3", "fence_ilo4", "fence_ilo5", "fence_imm");

  private static final String PLACEHOLDER = "REPLACE-ME";

  private final ImportContext context;

  FencingImport(ImportContext context) {
    this.context = context;
  }

  List<Manifest> convert(List<Element> devices) {
    List<Manifest> out = new ArrayList<>();
    for (Element device : devices) {
      String original = device.attr("name").orElse("fence-device");
      String name = Names.object(original);
      context.fenceDevices.put(original, name);
      String agent = device.attr("agent").orElse("");
      Manifest manifest =
          new Manifest(ImportContext.API_VERSION, "FenceDevice", name, context.namespace);
      manifest.note("From cluster.conf " + device.describe() + " agent=\"" + agent + "\".");
      if (!name.equals(original)) {
        manifest.note("Renamed from \"" + original + "\" to a valid Kubernetes name.");
      }
      String program = agent.substring(agent.lastIndexOf('/') + 1);
      // ipmilan always needs a Secret (the API requires it); others only when they log in.
      Optional<Manifest> secret = credentials(device, name, IPMI_AGENTS.contains(program));
      if (IPMI_AGENTS.contains(program)) {
        ipmi(device, program, manifest);
      } else if (program.equals("fence_scsi")) {
        scsi(device, manifest);
      } else {
        external(device, program, manifest);
      }
      for (String attribute : List.of("action", "option")) {
        device
            .attr(attribute)
            .ifPresent(v -> manifest.note(action(device.describe(), attribute, v)));
      }
      secretRef(manifest, secret);
      manifest.unmapped(device);
      secret.ifPresent(out::add);
      out.add(manifest);
    }
    return out;
  }

  /** The Secret stub holding the device's login; the password stays a placeholder. */
  private Optional<Manifest> credentials(Element device, String name, boolean required) {
    Optional<String> login = device.attr("login");
    boolean password = device.has("passwd") || device.has("password");
    boolean script = device.has("passwd_script") || device.has("password_script");
    device.consume("passwd", "password", "passwd_script", "password_script");
    if (login.isEmpty() && !password && !script && !required) {
      return Optional.empty();
    }
    String secretName = name + "-credentials";
    Manifest secret = new Manifest("v1", "Secret", secretName, context.namespace);
    secret.note(
        "Credentials of FenceDevice " + name + ". The password in cluster.conf is NOT copied.");
    secret.note("TODO: set the password before the operator needs to fence, for example:");
    secret.note(
        "  kubectl -n "
            + context.namespace
            + " create secret generic "
            + secretName
            + " --from-literal=username=USER --from-file=password=/path/to/password"
            + " --dry-run=client -o yaml | kubectl apply -f -");
    if (script) {
      secret.note("cluster.conf ran a passwd_script: store what it prints as the password.");
    }
    secret.object().put("type", "Opaque");
    YamlMap data = secret.object().map("stringData");
    String username = login.orElse(PLACEHOLDER);
    boolean loginIsPassword =
        login.isPresent()
            && (login.get().equals(device.attr("passwd").orElse(null))
                || login.get().equals(device.attr("password").orElse(null)));
    if (loginIsPassword) {
      // A login equal to the password would print the password: leave both to the administrator.
      username = PLACEHOLDER;
      secret.note("TODO: set the username too; it was not copied.");
    }
    data.put("username", username);
    data.put("password", PLACEHOLDER);
    return Optional.of(secret);
  }

  /** Points the FenceDevice at its Secret stub, after the agent's own section. */
  private static void secretRef(Manifest fenceDevice, Optional<Manifest> secret) {
    secret.ifPresent(
        s ->
            fenceDevice
                .spec()
                .map("credentialsSecretRef")
                .put("name", ((YamlMap) s.object().get("metadata")).get("name"))
                .put("usernameKey", "username")
                .put("passwordKey", "password"));
  }

  private void ipmi(Element device, String program, Manifest manifest) {
    YamlMap spec = manifest.spec().put("agent", "ipmilan");
    if (!program.equals("fence_ipmilan")) {
      manifest.note(program + " is fence_ipmilan under another name: imported as ipmilan.");
    }
    YamlMap ipmi = spec.map("ipmi");
    Optional<String> address = device.attr("ipaddr").or(() -> device.attr("ip"));
    if (address.isEmpty()) {
      manifest.note("TODO: cluster.conf gave no ipaddr: set spec.ipmi.address.");
    }
    ipmi.put("address", address.orElse(PLACEHOLDER));
    device
        .attr("ipport")
        .filter(ImportContext::isCount)
        .ifPresent(p -> ipmi.put("port", Integer.parseInt(p)));
    device
        .attr("cipher")
        .ifPresent(
            c -> {
              if (ImportContext.isCount(c)
                  && Integer.parseInt(c) >= 1
                  && Integer.parseInt(c) <= 17) {
                ipmi.put("cipherSuite", Integer.parseInt(c));
              } else {
                manifest.note(
                    "NOT MAPPED: cipher=\""
                        + c
                        + "\": cipher suite 0 (no authentication) is refused;"
                        + " the default, 3, is used.");
              }
            });
    device
        .attr("privlvl")
        .map(p -> p.toLowerCase(Locale.ROOT))
        .ifPresent(
            p -> {
              if (Set.of("administrator", "operator", "user").contains(p)) {
                ipmi.put("privilegeLevel", p);
              } else {
                manifest.note("NOT MAPPED: privlvl=\"" + p + "\"");
              }
            });
    device
        .attr("method")
        .ifPresent(
            m -> {
              if (m.equals("onoff") || m.equals("cycle")) {
                ipmi.put("method", m);
              } else {
                manifest.note("NOT MAPPED: method=\"" + m + "\"");
              }
            });
    device
        .attr("power_wait")
        .filter(ImportContext::isCount)
        .ifPresent(w -> ipmi.put("powerWait", ImportContext.seconds(w)));
    Optional<Boolean> lanplus = device.flag("lanplus");
    // The renamed agents (iLO, iDRAC, IMM) speak lanplus by default; fence_ipmilan does not.
    if (program.equals("fence_ipmilan") && !lanplus.orElse(false)) {
      manifest.note("The operator always speaks IPMI v2.0 (lanplus); this device had lanplus off.");
    }
    device.consume("agent", "name");
  }

  private void scsi(Element device, Manifest manifest) {
    YamlMap spec = manifest.spec().put("agent", "scsi");
    YamlMap scsi = spec.map("scsi");
    String devices = device.attr("devices").orElse("");
    List<String> paths = List.of(devices.split("[,\\s]+"));
    String first = paths.get(0);
    if (first.startsWith("/dev/")) {
      scsi.put("devicePath", first);
    } else {
      scsi.put("devicePath", "/dev/REPLACE-ME");
      manifest.note(
          "TODO: cluster.conf named no device: set spec.scsi.devicePath or portal and targetIqn.");
    }
    if (paths.size() > 1) {
      manifest.note(
          "NOT MAPPED: devices=\""
              + devices
              + "\": a FenceDevice reserves one LUN; only "
              + first
              + " was kept. Create one FenceDevice per further device.");
    }
    manifest.note("The LUN must be reachable from every node this device fences.");
    device.consume("agent", "name");
  }

  private void external(Element device, String program, Manifest manifest) {
    YamlMap spec = manifest.spec().put("agent", "external");
    String agent = program.matches("fence_[a-z0-9_]+") ? program : "fence_unknown";
    if (!agent.equals(program)) {
      manifest.note(
          "TODO: the agent \""
              + program
              + "\" is not a fence_* program name: set spec.externalAgent.");
    }
    spec.put("externalAgent", agent);
    device.consume("agent", "name");
    YamlMap parameters = new YamlMap();
    for (String attribute : device.unusedAttributes()) {
      String key = attribute.substring(0, attribute.indexOf('='));
      if (Names.isSecret(key) || ParameterPolicy.namesAction(key)) {
        continue;
      }
      String value = device.attr(key).orElse("");
      Optional<String> refused = refused(key, value, false);
      if (refused.isPresent()) {
        manifest.note("NOT MAPPED: " + key + " (" + device.describe() + "): " + refused.get());
      } else {
        parameters.put(key, value);
      }
    }
    if (!parameters.isEmpty()) {
      spec.put("parameters", parameters);
    }
  }

  /**
   * What becomes of a cluster.conf action= or option= attribute (on a fencedevice or a method's
   * device): off and reboot are mapped to the method's action, which powers the node off and
   * verifies it; anything else is not mapped. Never carried into parameters: the operator alone
   * sets an agent's action.
   */
  static String action(String where, String attribute, String value) {
    String said = (where.isEmpty() ? "" : where + " ") + attribute + "=\"" + value + "\"";
    switch (value.trim().toLowerCase(Locale.ROOT)) {
      case "off", "disable":
        return said
            + ": mapped to the method's action: the operator powers the node off, then"
            + " verifies it is off.";
      case "reboot":
        return said
            + ": mapped to the method's action, off: the operator powers the node off and"
            + " verifies it is off; it does not power the node back on as a reboot would, the"
            + " administrator brings the node back.";
      default:
        return "NOT MAPPED: "
            + said
            + ": the operator always fences with off and verifies it; \""
            + value
            + "\" would not cut the node off, so it is not carried into the parameters.";
    }
  }

  /**
   * Why a cluster.conf attribute is not carried into an agent's parameters (the agents refuse it),
   * or empty. {@code perNode}: a method's device entry, where plug, port and nodename name the
   * node's outlet.
   */
  static Optional<String> refused(String key, String value, boolean perNode) {
    Optional<String> byAgents = refusedByAgents(key, value, perNode);
    if (byAgents.isPresent()) {
      return byAgents;
    }
    // What the agents would run, admission may still refuse (its rules are a little stricter).
    return perNode ? RefusedParameters.onNode(key) : RefusedParameters.onDevice(key, value);
  }

  private static Optional<String> refusedByAgents(String key, String value, boolean perNode) {
    boolean outlet = perNode && ParameterPolicy.namesVictim(key) && !key.equalsIgnoreCase("key");
    try {
      ParameterPolicy.checkText(key, value);
    } catch (FenceException e) {
      return Optional.of(e.getMessage());
    }
    if (outlet) {
      return Optional.empty();
    }
    return ParameterPolicy.refusal(key)
        .map(
            why ->
                ParameterPolicy.namesVictim(key)
                    ? "the operator sets the node to act on; put plug (or port) in each node's"
                        + " fence method device parameters instead."
                    : why + ".");
  }
}
