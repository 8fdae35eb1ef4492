package dev.rgmanager.operator.reconciler;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.jboss.logging.Logger;

/**
 * Applies out-of-service taint changes in the background, after membership has written the status
 * that calls for them, one at a time and never two at once for the same node. A node patch can take
 * a quarter of a second on a busy API server; membership must not wait for it before declaring the
 * next node lost or fenced. A change that fails is logged and made again by the next membership
 * check, which still sees the node without (or with) the taint.
 *
 * <p>The taint is Kubernetes' cleanup (delete the node's pods, detach its volumes), not the fencing
 * gate: a service starts elsewhere once its old node is recorded fenced, whether or not the taint
 * has landed yet.
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
