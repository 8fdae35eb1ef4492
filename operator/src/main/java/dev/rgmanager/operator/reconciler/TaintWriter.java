package dev.rgmanager.operator.reconciler;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.jboss.logging.Logger;

/**
 * Adds out-of-service taints in the background, after membership has recorded the nodes fenced, one
 * at a time and never two at once for the same node. A node patch can take a quarter of a second on
 * a busy API server; membership must not wait for it before declaring the next node lost or fenced.
 * A change that fails is logged and made again by the next membership check, which still sees the
 * node without the taint. (Removing the taint of a node that is back is not deferred: it is done
 * before the node is recorded online, so that nothing is placed on a node that still carries it.)
 *
 * <p>The taint is Kubernetes' cleanup (detach the node's volumes, remove what else it ran), not the
 * fencing gate: a service starts elsewhere once its old node is recorded fenced, and its old pods
 * there are deleted by the operator at once.
 */
final class TaintWriter {
  private static final Logger LOG = Logger.getLogger(TaintWriter.class);
  private final Set<String> inFlight = ConcurrentHashMap.newKeySet();
  private final ExecutorService worker =
      Executors.newSingleThreadExecutor(
          r -> {
            Thread t = new Thread(r, "taint-writer");
            t.setDaemon(true);
            return t;
          });

  void submit(String node, Runnable change) {
    if (!inFlight.add(node)) {
      return;
    }
    worker.execute(
        () -> {
          try {
            change.run();
          } catch (RuntimeException e) {
            LOG.warnf(
                "node=%s taint=retry reason=%s: %s",
                node, e.getClass().getSimpleName(), e.getMessage());
          } finally {
            inFlight.remove(node);
          }
        });
  }
}
