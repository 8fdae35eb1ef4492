package dev.rgmanager.fence.ipmi;

import dev.rgmanager.fence.FenceAgent;
import dev.rgmanager.fence.FenceException;
import dev.rgmanager.fence.FenceResult;
import dev.rgmanager.fence.PowerState;
import dev.rgmanager.fence.Secret;

/**
 * Power fencing through a BMC over IPMI v2.0 (lanplus): each action opens one session, acts, waits
 * power_wait, then polls until the power state is the wanted one or power_timeout passes.
 */
public final class IpmiPowerAgent implements FenceAgent {
  private final IpmiOptions options;
  private final Secret password;

  public IpmiPowerAgent(IpmiOptions options, Secret password) {
    this.options = options;
    this.password = password;
  }

  /** A step that needs a session. */
  private interface Step {
    FenceResult run(Chassis chassis) throws FenceException;
  }

  private FenceResult inSession(Step step) {
    try (IpmiSession session = IpmiSession.open(options.endpoint(), password)) {
      return step.run(new Chassis(session));
    } catch (FenceException e) {
      return FenceResult.failure(password.redact(e.getMessage()));
    } catch (RuntimeException e) {
      return FenceResult.failure(
          password.redact("unexpected error talking to BMC: " + e.getClass().getSimpleName()));
    }
  }

  @Override
  public FenceResult status() {
    return inSession(c -> statusResult(c.power()));
  }

  @Override
  public FenceResult monitor() {
    return inSession(c -> FenceResult.success(c.power(), "BMC " + options.endpoint() + " answers"));
  }

  @Override
  public FenceResult on() {
    return inSession(c -> switchTo(c, PowerState.ON));
  }

  @Override
  public FenceResult off() {
    return inSession(c -> switchTo(c, PowerState.OFF));
  }

  @Override
  public FenceResult reboot() {
    return inSession(
        c -> {
          if (options.method() == IpmiOptions.RebootMethod.CYCLE) {
            if (c.power() == PowerState.OFF) {
              return switchTo(c, PowerState.ON);
            }
            c.control(Chassis.Control.POWER_CYCLE);
            sleep(options.powerWait().toMillis());
            if (c.power() == PowerState.OFF) {
              // Some BMCs (ipmi_sim among them) leave the chassis off after a cycle.
              c.control(Chassis.Control.POWER_UP);
            }
            awaitPower(c, PowerState.ON);
            return FenceResult.success(PowerState.ON, "Success: Rebooted (power cycle)");
          }
          FenceResult off = switchTo(c, PowerState.OFF);
          if (!off.succeeded()) {
            return off;
          }
          FenceResult on = switchTo(c, PowerState.ON);
          return on.succeeded() ? FenceResult.success(PowerState.ON, "Success: Rebooted") : on;
        });
  }

  private static FenceResult statusResult(PowerState state) {
    return FenceResult.success(state, "Status: " + state.name());
  }

  private FenceResult switchTo(Chassis c, PowerState wanted) throws FenceException {
    String done = wanted == PowerState.ON ? "Success: Powered ON" : "Success: Powered OFF";
    if (c.power() == wanted) {
      return FenceResult.success(wanted, done + " (already " + wanted.name() + ")");
    }
    c.control(wanted == PowerState.ON ? Chassis.Control.POWER_UP : Chassis.Control.POWER_DOWN);
    awaitPower(c, wanted);
    return FenceResult.success(wanted, done);
  }

  /** Waits power_wait, then polls until the wanted state or power_timeout. */
  private void awaitPower(Chassis c, PowerState wanted) throws FenceException {
    sleep(options.powerWait().toMillis());
    long deadline = System.nanoTime() + options.powerTimeout().toNanos();
    while (true) {
      if (c.power() == wanted) {
        return;
      }
      if (System.nanoTime() >= deadline) {
        throw new FenceException(
            "power of "
                + options.endpoint()
                + " did not become "
                + wanted.name()
                + " within power_timeout "
                + options.powerTimeout().toMillis() / 1000.0
                + "s");
      }
      sleep(options.pollInterval().toMillis());
    }
  }

  private static void sleep(long millis) throws FenceException {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new FenceException("interrupted while waiting for the power state");
    }
  }
}
