package dev.rgmanager.plugin.status;

import dev.rgmanager.plugin.cluster.ConnectionOptions;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The clustat view's options: refresh interval, output format, namespace scope, filters. */
public class StatusOptions {
  @Option(
      names = {"-i", "--interval"},
      description = "Refresh every N seconds until interrupted.")
  public Integer interval;

  @Option(
      names = {"-o", "--output"},
      description = "Output: text (default), json or yaml.")
  public String output = "text";

  @Option(
      names = {"-n", "--namespace"},
      description = "Only services of this namespace.")
  public String namespace;

  @Option(
      names = {"-A", "--all-namespaces"},
      description = "Services of every namespace (the default).")
  public boolean allNamespaces;

  @Option(
      names = {"-s", "--service"},
      paramLabel = "SERVICE",
      description =
          "Only this service (clustat -s): NAME (in every namespace searched) or NAMESPACE/NAME.")
  public String service;

  @Option(
      names = {"-m", "--member"},
      paramLabel = "NODE",
      description = "Only this member of the HACluster (clustat -m).")
  public String member;

  @Option(names = "--no-color", description = "Never colour the output.")
  public boolean noColor;

  @Mixin public ConnectionOptions connection = new ConnectionOptions();
}
