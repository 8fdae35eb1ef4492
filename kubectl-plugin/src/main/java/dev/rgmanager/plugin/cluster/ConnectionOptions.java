package dev.rgmanager.plugin.cluster;

import picocli.CommandLine.Option;

/** The options that choose the cluster, as kubectl's --kubeconfig does. */
public class ConnectionOptions {
  @Option(
      names = "--kubeconfig",
      paramLabel = "FILE",
      description = "The kubeconfig to use (default: KUBECONFIG, else ~/.kube/config).")
  public String kubeconfig;
}
