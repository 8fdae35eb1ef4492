package dev.rgmanager.plugin;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import picocli.CommandLine;

/**
 * Runs {@code kubectl cluster-status} in this process as a user runs it, with what it prints
 * captured; the kubeconfig is given as the client library's system property, which stands for
 * KUBECONFIG (a test cannot set the environment).
 */
public final class TestingCli {
  /** What a run left: its exit code, standard output and standard error. */
  public record Run(int exit, String out, String err) {}

  private TestingCli() {}

  public static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = ClusterStatusCommand.commandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    int exit = cli.execute(args);
    return new Run(exit, out.toString(), err.toString());
  }

  /** Runs with KUBECONFIG, as the client library reads it, naming this file. */
  public static Run withKubeconfig(Path kubeconfig, String... args) {
    String before = System.getProperty("kubeconfig");
    System.setProperty("kubeconfig", kubeconfig.toString());
    try {
      return run(args);
    } finally {
      if (before == null) {
        System.clearProperty("kubeconfig");
      } else {
        System.setProperty("kubeconfig", before);
      }
    }
  }
}
