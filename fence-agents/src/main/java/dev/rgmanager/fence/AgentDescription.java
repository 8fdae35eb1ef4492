package dev.rgmanager.fence;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** What an agent is and which parameters it takes: the source of metadata and of validation. */
public record AgentDescription(
    String name,
    String shortDescription,
    String longDescription,
    List<ParameterSpec> parameters,
    boolean unfencing) {

  public AgentDescription(
      String name, String shortDescription, String longDescription, List<ParameterSpec> p) {
    this(name, shortDescription, longDescription, p, false);
  }

  /** Parameters every agent shares (action, verbosity, timeouts), as fencing.py defines them. */
  public static List<ParameterSpec> common() {
    List<ParameterSpec> list = new ArrayList<>();
    list.add(
        ParameterSpec.of(
                "action",
                ParameterSpec.Type.STRING,
                "reboot",
                "-o, --action=[action]",
                "Fencing action")
            .required(true));
    list.add(
        ParameterSpec.of(
            "verbose", ParameterSpec.Type.BOOLEAN, null, "-v, --verbose", "Verbose mode"));
    list.add(
        ParameterSpec.of(
            "debug", ParameterSpec.Type.STRING, null, "-D, --debug-file=[debugfile]", "Ignored"));
    list.add(
        ParameterSpec.of(
            "power_timeout",
            ParameterSpec.Type.SECOND,
            "20",
            "--power-timeout=[seconds]",
            "Test X seconds for status change after ON/OFF"));
    list.add(
        ParameterSpec.of(
            "power_wait",
            ParameterSpec.Type.SECOND,
            "2",
            "--power-wait=[seconds]",
            "Wait X seconds after issuing ON/OFF"));
    list.add(
        ParameterSpec.of(
            "login_timeout",
            ParameterSpec.Type.SECOND,
            "5",
            "--login-timeout=[seconds]",
            "Wait X seconds for the device to answer before failing"));
    list.add(
        ParameterSpec.of(
            "shell_timeout",
            ParameterSpec.Type.SECOND,
            "5",
            "--shell-timeout=[seconds]",
            "Wait X seconds for a command to complete"));
    return list;
  }

  public Optional<ParameterSpec> parameter(String name) {
    return parameters.stream().filter(p -> p.name().equals(name)).findFirst();
  }
}
