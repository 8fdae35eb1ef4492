package dev.rgmanager.e2e;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The fault campaign's safety invariants over the process samples of one round, as pure checks:
 * each returns the first sample that breaks it, so that a violation names the instant and the
 * processes.
 */
public final class CampaignInvariants {
  private CampaignInvariants() {}

  /** A sample in which processes of two servers (two pods) held the data, if any. */
  public static Optional<ProcessWatcher.Sample> twoServers(List<ProcessWatcher.Sample> round) {
    return RealDatabase.twoServers(round).stream().findFirst();
  }

  /**
   * A sample, before {@code fenced} (when the operator recorded the owner fenced), in which a
   * server held the data on a node other than the {@code owner}: a start elsewhere before fencing.
   */
  public static Optional<ProcessWatcher.Sample> startedBeforeFencing(
      List<ProcessWatcher.Sample> round, String owner, Instant fenced) {
    return round.stream()
        .filter(s -> s.at().isBefore(fenced))
        .filter(s -> !Set.of(owner).containsAll(s.nodes()))
        .findFirst();
  }
}
