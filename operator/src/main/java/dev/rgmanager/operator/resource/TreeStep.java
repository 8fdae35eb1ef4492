package dev.rgmanager.operator.resource;

/** The next thing to do to bring a tree to its goal. */
public record TreeStep(Kind kind, TreeEntry entry, String reason) {
  /** What the step does. */
  public enum Kind {
    START,
    STOP,
    WAIT,
    DONE,
    FAILED
  }

  static TreeStep done() {
    return new TreeStep(Kind.DONE, null, "all resources are in their goal state");
  }
}
