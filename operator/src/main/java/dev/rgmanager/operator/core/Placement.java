package dev.rgmanager.operator.core;

import java.util.Optional;
import java.util.Set;

/**
 * Failover-domain placement exactly as rgmanager scores it, plus the exclusive rules. Ties between
 * equally good nodes go to the node running fewest services, then to the name sorting first.
 */
public final class Placement {
  private Placement() {}

  /** The domain score of {@code node} for {@code svc}, ignoring exclusivity. */
  public static Score score(ServiceFacts svc, String node, ClusterView view) {
    if (!view.online(node)) {
      return Score.ILLEGAL;
    }
    FailoverRules d = svc.domain();
    if (d == null) {
      return Score.BEST;
    }
    int best = Integer.MAX_VALUE;
    boolean anyOnline = false;
    for (var e : d.priorities().entrySet()) {
      if (view.online(e.getKey())) {
        anyOnline = true;
        best = Math.min(best, e.getValue());
      }
    }
    int inDomain;
    if (!anyOnline) {
      inDomain = 0;
    } else if (!d.isMember(node)) {
      inDomain = 1;
    } else if (!d.ordered() || d.priorities().get(node) <= best) {
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
    Score s = score(svc, node, view);
    if (!s.legal()) {
      return s;
    }
    var others = view.occupants(node, svc.id());
    if (svc.exclusive() && !others.isEmpty()) {
      return Score.ILLEGAL;
    }
    for (ServiceFacts o : others) {
      if (o.exclusive()) {
        return Score.ILLEGAL;
      }
    }
    return s;
  }

  /** The best legal node other than those excluded, by score, then load, then name. */
  public static Optional<String> bestTarget(
      ServiceFacts svc, ClusterView view, Set<String> excluded) {
    String best = null;
    Score bestScore = Score.ILLEGAL;
    int bestLoad = Integer.MAX_VALUE;
    for (Member m : view.members()) {
      String node = m.name();
      if (excluded.contains(node) || !m.online()) {
        continue;
      }
      Score s = legalScore(svc, node, view);
      if (!s.legal()) {
        continue;
      }
      int load = view.occupants(node, svc.id()).size();
      int cmp = s.compareTo(bestScore);
      if (best == null
          || cmp > 0
          || (cmp == 0 && (load < bestLoad || (load == bestLoad && node.compareTo(best) < 0)))) {
        best = node;
        bestScore = s;
        bestLoad = load;
      }
    }
    return Optional.ofNullable(best);
  }
}
