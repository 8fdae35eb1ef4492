package dev.rgmanager.operator.resource;

import java.util.Map;

/**
 * Decides the next step of starting or stopping a tree, one resource at a time, from the observed
 * health of each resource. Pure: the reconciler observes, asks, acts, and asks again later.
 */
public final class TreePlan {
  private TreePlan() {}

  /** Start: the first resource in start order that is not started is started, or waited for. */
  public static TreeStep nextStart(ResourceTree tree, Map<String, ResourceHealth> health) {
    for (TreeEntry e : tree.startOrder()) {
      ResourceHealth h = health.getOrDefault(e.name(), ResourceHealth.STOPPED);
      switch (h) {
        case STARTED -> {}
        case STARTING -> {
          return new TreeStep(TreeStep.Kind.WAIT, e, e.name() + " is starting");
        }
        case FAILED -> {
          return new TreeStep(TreeStep.Kind.FAILED, e, e.name() + " failed to start");
        }
        case STOPPING -> {
          return new TreeStep(TreeStep.Kind.WAIT, e, e.name() + " is still stopping");
        }
        case STOPPED -> {
          return new TreeStep(TreeStep.Kind.START, e, e.name() + " is starting");
        }
      }
    }
    return TreeStep.done();
  }

  /** Stop: the first resource in stop order that is not stopped is stopped, or waited for. */
  public static TreeStep nextStop(ResourceTree tree, Map<String, ResourceHealth> health) {
    for (TreeEntry e : tree.stopOrder()) {
      ResourceHealth h = health.getOrDefault(e.name(), ResourceHealth.STOPPED);
      switch (h) {
        case STOPPED -> {}
        case STOPPING -> {
          return new TreeStep(TreeStep.Kind.WAIT, e, e.name() + " is stopping");
        }
        case STARTED, STARTING, FAILED -> {
          return new TreeStep(TreeStep.Kind.STOP, e, e.name() + " is stopping");
        }
      }
    }
    return TreeStep.done();
  }

  /** A started tree is healthy only if every resource is started (children included). */
  public static String firstUnhealthy(ResourceTree tree, Map<String, ResourceHealth> health) {
    for (TreeEntry e : tree.startOrder()) {
      if (health.getOrDefault(e.name(), ResourceHealth.STOPPED) != ResourceHealth.STARTED) {
        return e.name();
      }
    }
    return null;
  }
}
