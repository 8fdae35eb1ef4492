package dev.rgmanager.operator.fencing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rgmanager.api.v1alpha1.ClusterNode;
import dev.rgmanager.api.v1alpha1.FenceDeviceUse;
import dev.rgmanager.api.v1alpha1.FenceMethod;
import dev.rgmanager.operator.membership.MembershipInput.FenceOutcome;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The fence coordinator's jobs, on threads of their own. The test never sleeps: it waits for what
 * the jobs report, call or finish ({@link TestingLog}, {@link TestingExecutor}), and a check that
 * something did not happen is made once the job that could have done it has ended.
 */
class FenceCoordinatorTest {
  private final TestingExecutor executor = new TestingExecutor();
  private final FenceLedger ledger = new FenceLedger();
  private final TestingFencer fencer = new TestingFencer();
  private final TestingLog reports = new TestingLog();
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
    final TestingLog calls = new TestingLog();
    // Devices whose power-off answers only when the test lets it, even if the job is cancelled
    // meanwhile (an agent already running finishes what it started).
    final Map<String, java.util.concurrent.CountDownLatch> held = new ConcurrentHashMap<>();

    @Override
    public DeviceResult off(FenceDeviceUse device, String node) {
      // The latch is chosen before the call is seen, so a test that replaces it once it sees the
      // call holds the next call, not this one.
      var latch = held.get(device.device());
      calls.add("off " + device.device() + " " + node);
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

  /** Waits for every job to end, and the node's fencing to have succeeded. */
  private void awaitOutcome(String node) throws InterruptedException {
    executor.awaitIdle();
    var o = ledger.snapshot().get(node);
    assertThat(o)
        .as("fencing of %s ended; reports %s", node, reports.lines())
        .isNotNull()
        .matches(FenceOutcome::succeeded, "succeeded");
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
    assertThat(fencer.calls.lines()).startsWith("off psu-a a", "off psu-b a", "off lun a");
    assertThat(reports.lines()).contains("failed a power round 1", "succeeded a storage round 1");
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
    reports.await("failed b storage round 3");
    assertThat(reports.lines())
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
    reports.await("failed d power round 2");
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
    fencer.calls.await("off bmc c");
    assertThat(executor.submitted()).as("jobs started").isEqualTo(1);
    assertThat(coordinator.isFencing("c")).isTrue();
    coordinator.cancel("c");
    assertThat(coordinator.isFencing("c")).isFalse();
    int calls = fencer.calls.size();
    // Fails (times out) if the cancelled job kept looping over its broken device.
    executor.awaitIdle();
    assertThat(fencer.calls.size())
        .as("at most the device call under way when cancelled")
        .isLessThanOrEqualTo(calls + 1);
  }

  @Test
  void aSuccessThatArrivesAfterTheJobWasCancelledIsNotRecorded() throws Exception {
    var latch = new java.util.concurrent.CountDownLatch(1);
    fencer.held.put("bmc", latch);
    coordinator.ensureFencing(node("e", new FenceMethod("power", List.of(dev("bmc")))), listener);
    fencer.calls.await("off bmc e");
    // The node came back, or the cluster lost quorum: the job is cancelled mid-command.
    coordinator.cancel("e");
    latch.countDown();
    executor.awaitIdle(); // the device answered and the cancelled job has ended
    assertThat(ledger.snapshot()).doesNotContainKey("e");
    assertThat(reports.lines()).doesNotContain("succeeded e power round 1");
  }

  @Test
  void aCancelledJobNeverRemovesTheJobThatReplacedIt() throws Exception {
    var first = new java.util.concurrent.CountDownLatch(1);
    fencer.held.put("bmc", first);
    ClusterNode f = node("f", new FenceMethod("power", List.of(dev("bmc"))));
    coordinator.ensureFencing(f, listener);
    fencer.calls.await("off bmc f");
    coordinator.cancel("f");
    // Lost again at once: a new job starts while the old one is still inside its agent.
    var second = new java.util.concurrent.CountDownLatch(1);
    fencer.held.put("bmc", second);
    coordinator.ensureFencing(f, listener);
    fencer.calls.await("off bmc f", 2);
    first.countDown();
    executor.awaitFinished(1); // the old job has ended; the new one is held in its agent
    assertThat(coordinator.isFencing("f")).as("the new job is still known").isTrue();
    coordinator.ensureFencing(f, listener);
    assertThat(executor.submitted())
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
    fencer.calls.await("off bmc g");
    leading.set(false);
    latch.countDown();
    executor.awaitIdle(); // the device answered and the deposed job has ended
    assertThat(ledger.snapshot()).doesNotContainKey("g");
    int jobs = executor.submitted();
    coordinator.ensureFencing(node("h", new FenceMethod("power", List.of(dev("lun")))), listener);
    assertThat(executor.submitted()).as("jobs started once deposed").isEqualTo(jobs);
    executor.awaitIdle();
    assertThat(fencer.calls.lines()).doesNotContain("off lun h");
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
