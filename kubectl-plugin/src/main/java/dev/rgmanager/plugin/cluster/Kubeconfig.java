package dev.rgmanager.plugin.cluster;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * Which kubeconfig file(s) the plugin reads, and how the user named them: --kubeconfig, then
 * KUBECONFIG (or the kubeconfig system property, which the client library reads first), then
 * $HOME/.kube/config, as kubectl does.
 */
public record Kubeconfig(List<Path> files, String namedBy) {

  /** Finds the files from the flag, the system properties and the environment given. */
  public static Kubeconfig locate(
      String flag, UnaryOperator<String> property, UnaryOperator<String> env, Path home) {
    if (flag != null && !flag.isBlank()) {
      return new Kubeconfig(List.of(Path.of(flag)), "--kubeconfig");
    }
    String fromProperty = property.apply("kubeconfig");
    if (fromProperty != null && !fromProperty.isBlank()) {
      return new Kubeconfig(split(fromProperty), "the kubeconfig system property");
    }
    String fromEnv = env.apply("KUBECONFIG");
    if (fromEnv != null && !fromEnv.isBlank()) {
      return new Kubeconfig(split(fromEnv), "KUBECONFIG");
    }
    return new Kubeconfig(List.of(home.resolve(".kube").resolve("config")), null);
  }

  /** The files as this process sees them. */
  public static Kubeconfig locate(String flag) {
    String home = System.getenv("HOME");
    return locate(
        flag,
        System::getProperty,
        System::getenv,
        Path.of(home != null && !home.isBlank() ? home : System.getProperty("user.home")));
  }

  private static List<Path> split(String list) {
    return Arrays.stream(list.split(File.pathSeparator))
        .filter(s -> !s.isBlank())
        .map(Path::of)
        .toList();
  }

  /** The files that exist (kubectl skips the missing ones of a KUBECONFIG list). */
  public List<Path> existing() {
    return files.stream().filter(Files::isRegularFile).toList();
  }

  /** "/home/u/.kube/config" or "/tmp/x.yaml (from KUBECONFIG)", for messages. */
  public String describe() {
    String names = String.join(File.pathSeparator, files.stream().map(Path::toString).toList());
    return namedBy == null ? names : names + " (from " + namedBy + ")";
  }

  /** One file of these, for messages: "/tmp/x.yaml (from KUBECONFIG)". */
  public String describe(Path file) {
    return namedBy == null ? file.toString() : file + " (from " + namedBy + ")";
  }

  /** One line saying the kubeconfig is missing, and how to name another. */
  public String missing() {
    return "no kubeconfig: "
        + describe()
        + (files.size() > 1 ? " do not exist" : " does not exist")
        + (namedBy == null
            ? " (set KUBECONFIG or pass --kubeconfig FILE)"
            : " (point " + namedBy + " at your cluster's kubeconfig)");
  }
}
