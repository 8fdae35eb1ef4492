package dev.rgmanager.plugin.status;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * What the refreshing view says while the API server does not answer: since when, why (the
 * connection's one line), and how old the cluster shown is.
 */
final class Unanswered {
  private static final DateTimeFormatter HMS =
      DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneOffset.UTC);

  private Unanswered() {}

  static String banner(String why, Instant since, Instant shownAsOf, int intervalSeconds) {
    return "! no answer from the API server since "
        + HMS.format(since)
        + " UTC ("
        + why
        + "): the cluster as of "
        + HMS.format(shownAsOf)
        + " UTC, read again every "
        + intervalSeconds
        + " s\n";
  }
}
