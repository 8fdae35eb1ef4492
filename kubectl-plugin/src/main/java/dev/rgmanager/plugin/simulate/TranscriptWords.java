package dev.rgmanager.plugin.simulate;

import dev.rgmanager.operator.core.Decision;
import java.util.Locale;

/** How a transcript says what the core decided: one line per decision. */
final class TranscriptWords {
  private TranscriptWords() {}

  static String describe(Decision d) {
    if (d instanceof Decision.Start s) {
      return "start on " + s.node() + (s.cause() == null ? "" : " (" + s.cause() + ")");
    }
    if (d instanceof Decision.Stop s) {
      String then =
          s.then() == null ? "start on " + s.thenNode() : s.then().name().toLowerCase(Locale.ROOT);
      return "stop, then " + then + " (" + s.reason() + ")";
    }
    if (d instanceof Decision.Migrate m) {
      String why = migrationCause(m);
      return "migrate to " + m.node() + (why.isEmpty() ? "" : " (" + why + ")");
    }
    if (d instanceof Decision.Adopt a) {
      return "adopt on " + a.node() + " (" + a.reason() + ")";
    }
    if (d instanceof Decision.TwoCopies t) {
      return "two copies, nothing done (" + t.reason() + ")";
    }
    if (d instanceof Decision.Mark m) {
      return "mark " + m.state().name().toLowerCase(Locale.ROOT) + " (" + m.reason() + ")";
    }
    if (d instanceof Decision.AwaitFencing a) {
      return "wait for fencing of " + a.node() + " (" + a.reason() + ")";
    }
    if (d instanceof Decision.Refuse r) {
      return "refused " + r.operation().word() + ": " + r.reason();
    }
    return d.reason();
  }

  /**
   * Why a migration, without what its line already says: "failback: migrating to node-1" is a
   * failback, "migrate to node-3 requested by the administrator" a request; any other reason is
   * said whole.
   */
  private static String migrationCause(Decision.Migrate m) {
    String why = m.reason();
    String tail = ": migrating to " + m.node();
    if (why.endsWith(tail)) {
      why = why.substring(0, why.length() - tail.length());
    }
    for (String head : new String[] {"migrate to " + m.node() + " ", "migrate "}) {
      if (why.startsWith(head)) {
        why = why.substring(head.length());
      }
    }
    return why;
  }
}
