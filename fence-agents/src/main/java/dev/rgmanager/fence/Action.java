package dev.rgmanager.fence;

import java.util.Locale;

/** The ClusterLabs fence agent actions. */
public enum Action {
  ON("on"),
  OFF("off"),
  REBOOT("reboot"),
  STATUS("status"),
  MONITOR("monitor"),
  LIST("list"),
  METADATA("metadata"),
  VALIDATE_ALL("validate-all");

  private final String word;

  Action(String word) {
    this.word = word;
  }

  public String word() {
    return word;
  }

  /** Parses an action as Pacemaker spells it; "enable"/"disable" are the old on/off names. */
  public static Action parse(String text) throws FenceException {
    String t = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
    switch (t) {
      case "enable":
        return ON;
      case "disable":
        return OFF;
      case "list-status":
        return LIST;
      default:
        for (Action a : values()) {
          if (a.word.equals(t)) {
            return a;
          }
        }
        throw new FenceException("unknown action '" + text + "'");
    }
  }
}
