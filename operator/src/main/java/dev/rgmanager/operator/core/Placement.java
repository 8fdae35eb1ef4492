package dev.rgmanager.operator.core;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Failover-domain placement exactly as rgmanager scores it, plus the exclusive rules. Ties between
 * equally good nodes go to the node running fewest services, then to the name sorting first.
 *
 * <p>A member in standby (a cordoned node) is not available: its score is ILLEGAL and it counts for
 * no domain's best priority, so that nothing starts or fails back there, and the services it runs
 * score better elsewhere and move.
 *
 * <p>The search for the best node looks at the domain's members first: when one of them is online
 * and legal it outscores every other node, so the rest of the cluster is scanned only for services
 * without a domain or whose unrestricted domain has no legal member. Placement work therefore grows
 * with the size of the domain, not of the cluster.
 */
public final class Placement {
  private Placement() {}

  /** The domain as it stands now: is any member online, and the best online priority. */
  private record DomainNow(boolean anyOnline, int best) {
    static DomainNow of(FailoverRules d, ClusterView view) {
      if (d == null) {
        return new DomainNow(false, Integer.MAX_VALUE);
      }
      int best = Integer.MAX_VALUE;
      boolean anyOnline = false;
      for (var e : d.priorities().entrySet()) {
        if (view.available(e.getKey())) {
          anyOnline = true;
          best = Math.min(best, e.getValue());
        }
      }
      return new DomainNow(anyOnline, best);
    }
  }

  /** The domain score of {@code node} for {@code svc}, ignoring exclusivity. */
  public static Score score(ServiceFacts svc, String node, ClusterView view) {
    return score(svc, node, view, DomainNow.of(svc.domain(), view));
  }

  private static Score score(ServiceFacts svc, String node, ClusterView view, DomainNow now) {
    if (!view.available(node)) {
      // Offline, or in standby: nothing starts or fails back there.
      return Score.ILLEGAL;
    }
    FailoverRules d = svc.domain();
    if (d == null) {
      return Score.BEST;
    }
    int inDomain;
    if (!now.anyOnline()) {
      inDomain = 0;
    } else if (!d.isMember(node)) {
      inDomain = 1;
    } else if (!d.ordered() || d.priorities().get(node) <= now.best()) {
      inDomain = 3;
    } else {
      inDomain = 2;
    }
    boolean startedHere = svc.state() == State.STARTED && node.equals(svc.owner());
    boolean startedElsewhereUp =
        svc.state() == State.STARTED
            && svc.owner() != null
            && !node.equals(svc.owner())
            && view.online(svc.owner());
    return switch (inDomain) {
      case 0 -> d.restricted() ? Score.ILLEGAL : Score.BEST;
      case 1 -> d.restricted() ? Score.ILLEGAL : Score.GOOD;
      case 2 ->
          !d.ordered() ? Score.BEST : d.nofailback() && startedHere ? Score.BEST : Score.BETTER;
      default -> d.nofailback() && startedElsewhereUp ? Score.BETTER : Score.BEST;
    };
  }

  /** The score with the exclusive rules applied: ILLEGAL where exclusivity forbids the node. */
  public static Score legalScore(ServiceFacts svc, String node, ClusterView view) {
    return exclusive(svc, node, view, score(svc, node, view));
  }

  private static Score exclusive(ServiceFacts svc, String node, ClusterView view, Score s) {
    if (!s.legal()) {
      return s;
    }
    if (svc.exclusive() && view.load(node, svc.id()) > 0) {
      return Score.ILLEGAL;
    }
    return view.hasExclusiveOccupant(node, svc.id()) ? Score.ILLEGAL : s;
  }

  /**
   * Why {@code node} cannot run {@code svc}, in words, or null when it can: what an operation that
   * names the node is refused with.
   */
  public static String whyIllegal(ServiceFacts svc, String node, ClusterView view) {
    if (legalScore(svc, node, view).legal()) {
      return null;
    }
    if (!view.memberNames().contains(node)) {
      return node + " is not a cluster member";
    }
    if (!view.online(node)) {
      return node + " is not online";
    }
    if (view.standby(node)) {
      return node + " is in standby (cordoned): uncordon it, or unstandby, first";
    }
    FailoverRules d = svc.domain();
    if (d != null && d.restricted() && !d.isMember(node)) {
      return "the restricted domain " + d.name() + " does not include " + node;
    }
    if (d != null && d.restricted()) {
      return "the restricted domain " + d.name() + " allows no node now";
    }
    if (svc.exclusive()) {
      return svc.id() + " is exclusive and " + node + " runs another service";
    }
    return node + " runs an exclusive service";
  }

  /**
   * " (in standby: node-1, node-2)" naming the members that could run {@code svc} but for their
   * standby, or "" when there are none: so that a service waiting for a node says what would free
   * one.
   */
  public static String standbyNote(ServiceFacts svc, ClusterView view) {
    List<String> held = new ArrayList<>();
    for (Member m : view.members()) {
      if (view.standby(m.name())
          && legalScore(svc, m.name(), view.withoutStandby(m.name())).legal()) {
        held.add(m.name());
      }
    }
    return held.isEmpty() ? "" : " (in standby: " + String.join(", ", held) + ")";
  }

  /** The best legal node other than those excluded, by score, then load, then name. */
  public static Optional<String> bestTarget(
      ServiceFacts svc, ClusterView view, Set<String> excluded) {
    FailoverRules d = svc.domain();
    DomainNow now = DomainNow.of(d, view);
    if (d != null && d.restricted() && !now.anyOnline()) {
      return Optional.empty();
    }
    if (d != null && now.anyOnline()) {
      String member = best(svc, view, excluded, now, d.priorities().keySet());
      if (member != null || d.restricted()) {
        return Optional.ofNullable(member);
      }
    }
    return Optional.ofNullable(best(svc, view, excluded, now, view.memberNames()));
  }

  private static String best(
      ServiceFacts svc,
      ClusterView view,
      Set<String> excluded,
      DomainNow now,
      Collection<String> candidates) {
    String best = null;
    Score bestScore = Score.ILLEGAL;
    int bestLoad = Integer.MAX_VALUE;
    for (String node : candidates) {
      if (excluded.contains(node) || !view.available(node)) {
        continue;
      }
      Score s = exclusive(svc, node, view, score(svc, node, view, now));
      if (!s.legal()) {
        continue;
      }
      int load = view.load(node, svc.id());
      int cmp = s.compareTo(bestScore);
      if (best == null
          || cmp > 0
          || (cmp == 0 && (load < bestLoad || (load == bestLoad && node.compareTo(best) < 0)))) {
        best = node;
        bestScore = s;
        bestLoad = load;
      }
    }
    return best;
  }
}
