package dev.rgmanager.operator.core;

import java.time.Duration;

/**
 * How a service is to be run, from its spec: its failover domain, whether it starts by itself,
 * whether it needs a node alone, what it does when a status check fails (with its restart window),
 * the service it depends on ({@code depend}, "namespace/name") and how ({@code dependMode}), and
 * whether it runs a VM ({@link VmKind}).
 */
public record ServicePolicy(
    FailoverRules domain,
    boolean autostart,
    boolean exclusive,
    Recovery recovery,
    Integer maxRestarts,
    Duration restartExpire,
    String depend,
    DependMode dependMode,
    VmKind vmKind) {

  public ServicePolicy {
    vmKind = vmKind == null ? VmKind.NONE : vmKind;
  }

  /** A policy whose VM, if {@code vm}, is the whole service. */
  public ServicePolicy(
      FailoverRules domain,
      boolean autostart,
      boolean exclusive,
      Recovery recovery,
      Integer maxRestarts,
      Duration restartExpire,
      String depend,
      DependMode dependMode,
      boolean vm) {
    this(
        domain,
        autostart,
        exclusive,
        recovery,
        maxRestarts,
        restartExpire,
        depend,
        dependMode,
        vm ? VmKind.SERVICE : VmKind.NONE);
  }

  /** A policy whose {@code depend} (if any) is hard, rgmanager's default. */
  public ServicePolicy(
      FailoverRules domain,
      boolean autostart,
      boolean exclusive,
      Recovery recovery,
      Integer maxRestarts,
      Duration restartExpire,
      String depend,
      boolean vm) {
    this(
        domain,
        autostart,
        exclusive,
        recovery,
        maxRestarts,
        restartExpire,
        depend,
        DependMode.HARD,
        vm ? VmKind.SERVICE : VmKind.NONE);
  }

  /** True when the tree holds a VM, alone or inside a larger tree. */
  public boolean vm() {
    return vmKind != VmKind.NONE;
  }
}
