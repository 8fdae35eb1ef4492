package dev.rgmanager.operator.fencing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rgmanager.api.v1alpha1.ClusterNode;
import dev.rgmanager.api.v1alpha1.FenceDeviceUse;
import dev.rgmanager.api.v1alpha1.FenceMethod;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class FenceCoordinatorTest {
  private final ExecutorService executor = Executors.newCachedThreadPool();
  private final FenceLedger ledger = new FenceLedger();
  private final TestingFencer fencer = new TestingFencer();
  private final List<String> reports = new CopyOnWriteArrayList<>();
  private final java.util.concurrent.atomic.AtomicBoolean leading =
      new java.util.concurrent.atomic.AtomicBoolean(true);
  private final FenceCoordinator coordinator =
      new FenceCoordinator(
          fencer,
          ledger,
          Clock.systemUTC(),
          executor,
          new FenceCoordinator.Backoff(Duration.ofMillis(10), Duration.ofMillis(40)),
          leading::get);

  @AfterEach
  void stop() {
    executor.shutdownNow();
  }

  /** Device outcomes chosen by the test; records every call in order. */
  static final class TestingFencer implements DeviceFencer {
    final Set<String> broken = ConcurrentHashMap.newKeySet();
    final List<String> calls = new CopyOnWriteArrayList<>();
    // Devices whose power-off answers only when the test lets it, even if the job is cancelled
    // meanwhile (an agent already running finishes what it started).
    final Map<String, java.util.concurrent.CountDownLatch> held = new ConcurrentHashMap<>();

    @Override
    public DeviceResult off(FenceDeviceUse device, String node) {
      calls.add("off " + device.device() + " " + node);
      var latch = held.get(device.device());
      while (latch != null && latch.getCount() > 0) {
        try {
          latch.await();
        } catch (InterruptedException e) {
          // Not interruptible, like a fence agent mid-command.
        }
      }
      return broken.contains(device.device())
          ? new DeviceResult(false, "unreachable")
          : new DeviceResult(true, "off");
    }

    @Override
    public DeviceResult on(FenceDeviceUse device, String node) {
      calls.add("on " + device.device() + " " + node);
      return new DeviceResult(true, "on");
    }
  }

  private final FenceCoordinator.Listener listener =
      new FenceCoordinator.Listener() {
        @Override
        public void started(String node, String method) {
          reports.add("started " + node + " " + method);
        }

        @Override
        public void methodFailed(String node, String method, int round, String message) {
          reports.add("failed " + node + " " + method + " round " + round);
        }

        @Override
        public void succeeded(String node, String method, int round, Duration took) {
          reports.add("succeeded " + node + " " + method + " round " + round);
        }
      };

  private static FenceDeviceUse dev(String name) {
    return new FenceDeviceUse(name, "ns", null);
  }

  private static ClusterNode node(String name, FenceMethod... methods) {
    return new ClusterNode(name, 1, List.of(methods));
  }

  private void awaitOutcome(String node) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (System.nanoTime() < deadline) {
      var o = ledger.snapshot().get(node);
      if (o != null && o.succeeded()) {
        return;
      }
      Thread.sleep(5);
    }
    throw new AssertionError("no successful fencing of " + node + "; reports " + reports);
  }

  @Test
  void everyDeviceOfAMethodMustSucceed() throws Exception {
    fencer.broken.add("psu-b");
    coordinator.ensureFencing(
        node(
            "a",
            new FenceMethod("power", List.of(dev("psu-a"), dev("psu-b"))),
            new FenceMethod("storage", List.of(dev("lun")))),
        listener);
    awaitOutcome("a");
    assertThat(ledger.snapshot().get("a").method()).isEqualTo("storage");
    assertThat(fencer.calls).startsWith("off psu-a a", "off psu-b a", "off lun a");
    assertThat(reports).contains("failed a power round 1", "succeeded a storage round 1");
  }

  @Test
  void whenAllMethodsFailItLoopsBackToTheFirstUntilOneSucceeds() throws Exception {
    fencer.broken.add("bmc");
    fencer.broken.add("lun");
    coordinator.ensureFencing(
        node(
            "b",
            new FenceMethod("power", List.of(dev("bmc"))),
            new FenceMethod("storage", List.of(dev("lun")))),
        listener);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!reports.contains("failed b storage round 3") && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    assertThat(reports)
        .contains("failed b power round 1", "failed b storage round 1", "failed b power round 3");
    assertThat(ledger.snapshot().get("b").succeeded()).isFalse();
    assertThat(ledger.snapshot().get("b").message()).contains("unreachable");
    fencer.broken.remove("bmc");
    awaitOutcome("b");
    assertThat(ledger.snapshot().get("b").method()).isEqualTo("power");
  }

  @Test
  void aMethodTheAdministratorAddsWhileFencingLoopsIsUsedAtTheNextRound() throws Exception {
    fencer.broken.add("bmc");
    coordinator.ensureFencing(node("d", new FenceMethod("power", List.of(dev("bmc")))), listener);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!reports.contains("failed d power round 2") && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    assertThat(reports).contains("failed d power round 2");
    coordinator.ensureFencing(
        node(
            "d",
            new FenceMethod("power", List.of(dev("bmc"))),
            new FenceMethod("storage", List.of(dev("lun")))),
        listener);
    awaitOutcome("d");
    assertThat(ledger.snapshot().get("d").method()).isEqualTo("storage");
  }

  @Test
  void fencingANodeTwiceRunsOneJobAndCancelStopsIt() throws Exception {
    fencer.broken.add("bmc");
    ClusterNode c = node("c", new FenceMethod("power", List.of(dev("bmc"))));
    coordinator.ensureFencing(c, listener);
    coordinator.ensureFencing(c, listener);
    Thread.sleep(50);
    assertThat(coordinator.isFencing("c")).isTrue();
    coordinator.cancel("c");
    assertThat(coordinator.isFencing("c")).isFalse();
    int calls = fencer.calls.size();
    Thread.sleep(100);
    assertThat(fencer.calls.size()).isLessThanOrEqualTo(calls + 1);
  }

  private void awaitCall(String call) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!fencer.calls.contains(call) && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    assertThat(fencer.calls).contains(call);
  }

  @Test
  void aSuccessThatArrivesAfterTheJobWasCancelledIsNotRecorded() throws Exception {
    var latch = new java.util.concurrent.CountDownLatch(1);
    fencer.held.put("bmc", latch);
    coordinator.ensureFencing(node("e", new FenceMethod("power", List.of(dev("bmc")))), listener);
    awaitCall("off bmc e");
    // The node came back, or the cluster lost quorum: the job is cancelled mid-command.
    coordinator.cancel("e");
    latch.countDown();
    Thread.sleep(200);
    assertThat(ledger.snapshot()).doesNotContainKey("e");
    assertThat(reports).doesNotContain("succeeded e power round 1");
  }

  @Test
  void aCancelledJobNeverRemovesTheJobThatReplacedIt() throws Exception {
    var first = new java.util.concurrent.CountDownLatch(1);
    fencer.held.put("bmc", first);
    ClusterNode f = node("f", new FenceMethod("power", List.of(dev("bmc"))));
    coordinator.ensureFencing(f, listener);
    awaitCall("off bmc f");
    coordinator.cancel("f");
    // Lost again at once: a new job starts while the old one is still inside its agent.
    var second = new java.util.concurrent.CountDownLatch(1);
    fencer.held.put("bmc", second);
    coordinator.ensureFencing(f, listener);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (fencer.calls.stream().filter("off bmc f"::equals).count() < 2
        && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    first.countDown(); // the old job ends
    Thread.sleep(200);
    assertThat(coordinator.isFencing("f")).as("the new job is still known").isTrue();
    coordinator.ensureFencing(f, listener);
    assertThat(fencer.calls.stream().filter("off bmc f"::equals).count())
        .as("no third job was started beside the running one")
        .isEqualTo(2);
    second.countDown();
    awaitOutcome("f");
  }

  @Test
  void aDeposedLeaderStartsNoFencingAndRecordsNothing() throws Exception {
    var latch = new java.util.concurrent.CountDownLatch(1);
    fencer.held.put("bmc", latch);
    coordinator.ensureFencing(node("g", new FenceMethod("power", List.of(dev("bmc")))), listener);
    awaitCall("off bmc g");
    leading.set(false);
    latch.countDown();
    Thread.sleep(200);
    assertThat(ledger.snapshot()).doesNotContainKey("g");
    coordinator.ensureFencing(node("h", new FenceMethod("power", List.of(dev("lun")))), listener);
    Thread.sleep(100);
    assertThat(fencer.calls).doesNotContain("off lun h");
    assertThat(coordinator.isFencing("h")).isFalse();
  }

  @Test
  void backoffDoublesUpToItsCeiling() {
    var b = new FenceCoordinator.Backoff(Duration.ofSeconds(2), Duration.ofSeconds(30));
    assertThat(b.after(1)).isEqualTo(Duration.ofSeconds(2));
    assertThat(b.after(2)).isEqualTo(Duration.ofSeconds(4));
    assertThat(b.after(10)).isEqualTo(Duration.ofSeconds(30));
  }
}
