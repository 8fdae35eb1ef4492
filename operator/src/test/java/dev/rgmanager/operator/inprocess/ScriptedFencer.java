package dev.rgmanager.operator.inprocess;

import dev.rgmanager.api.v1alpha1.FenceDeviceUse;
import dev.rgmanager.operator.fencing.DeviceFencer;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;

/**
 * A simulated fence peer: answers the fence coordinator as a device would, from a script the test
 * sets per node (succeed, fail with a message, or hold the call until released), and records every
 * call. The real agents (IPMI, SCSI, fence_*) are proven by the fence-agents module and the e2e
 * tests; here only what the operator does with their answers is under test.
 */
public final class ScriptedFencer implements DeviceFencer {
  /** One call the coordinator made: which device, for which node, and when it was answered. */
  public record Call(String action, String device, String node, boolean succeeded, Instant at) {}

  private final Map<String, String> failures = new ConcurrentHashMap<>();
  private final Map<String, CountDownLatch> holds = new ConcurrentHashMap<>();
  private final List<Call> calls = new CopyOnWriteArrayList<>();

  /** Every off of {@code node} fails with {@code message} until {@link #succeed} is called. */
  public void fail(String node, String message) {
    failures.put(node, message);
  }

  /** Offs of {@code node} succeed again (the default). */
  public void succeed(String node) {
    failures.remove(node);
  }

  /** The next offs of {@code node} wait until {@link #release} (or until the job is cancelled). */
  public void hold(String node) {
    holds.put(node, new CountDownLatch(1));
  }

  /** Lets the held offs of {@code node} answer. */
  public void release(String node) {
    CountDownLatch latch = holds.remove(node);
    if (latch != null) {
      latch.countDown();
    }
  }

  /** Every call so far, in the order they were answered. */
  public List<Call> calls() {
    return List.copyOf(calls);
  }

  /** The successful offs of {@code node} so far. */
  public List<Call> fenced(String node) {
    return calls.stream()
        .filter(c -> c.action().equals("off") && c.node().equals(node) && c.succeeded())
        .toList();
  }

  @Override
  public DeviceResult off(FenceDeviceUse device, String node) {
    CountDownLatch latch = holds.get(node);
    if (latch != null) {
      try {
        latch.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return answer("off", device, node, false, "interrupted while held");
      }
    }
    String failure = failures.get(node);
    return failure == null
        ? answer("off", device, node, true, "off (simulated)")
        : answer("off", device, node, false, failure);
  }

  @Override
  public DeviceResult on(FenceDeviceUse device, String node) {
    return answer("on", device, node, true, "on (simulated)");
  }

  private DeviceResult answer(
      String action, FenceDeviceUse device, String node, boolean ok, String message) {
    calls.add(new Call(action, device.device(), node, ok, Instant.now()));
    return new DeviceResult(ok, message);
  }
}
