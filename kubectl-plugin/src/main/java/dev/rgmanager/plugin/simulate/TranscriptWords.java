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
}
