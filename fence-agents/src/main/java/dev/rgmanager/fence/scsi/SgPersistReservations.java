package dev.rgmanager.fence.scsi;

import dev.rgmanager.fence.FenceException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Persistent reservations on a local block device through sg_persist (sg3-utils), as fence_scsi
 * does: the node's own kernel initiator is the I_T nexus.
 */
public final class SgPersistReservations implements PersistentReservations {
  /** sg_persist exit status for ILLEGAL REQUEST (sg3_utils SG_LIB_CAT_ILLEGAL_REQ). */
  static final int ILLEGAL_REQUEST = 5;

  private static final Pattern KEY = Pattern.compile("^\\s+(0x[0-9a-fA-F]+)\\s*$");
  private static final Pattern RESERVATION_KEY =
      Pattern.compile("(?i)\\bkey\\s*=\\s*(0x[0-9a-f]+)");
  private static final Pattern TYPE = Pattern.compile("(?i)type:\\s*([^\\n]+)");

  /** Runs a command line and returns exit code and output; replaceable in tests. */
  public interface Runner {
    Output run(List<String> command, Duration timeout) throws FenceException;
  }

  /** What a command printed and how it ended. */
  public record Output(int exitCode, String stdout) {}

  private final String sgPersist;
  private final String device;
  private final Duration timeout;
  private final Runner runner;

  public SgPersistReservations(String sgPersist, String device, Duration timeout, Runner runner) {
    this.sgPersist = sgPersist;
    this.device = device;
    this.timeout = timeout;
    this.runner = runner;
  }

  public SgPersistReservations(String sgPersist, String device, Duration timeout) {
    this(sgPersist, device, timeout, SgPersistReservations::exec);
  }

  List<String> command(String... args) {
    List<String> c = new ArrayList<>();
    c.add(sgPersist);
    c.add("-n");
    c.addAll(List.of(args));
    c.add("-d");
    c.add(device);
    return c;
  }

  private Output run(String what, String... args) throws FenceException {
    Output o = runner.run(command(args), timeout);
    if (o.exitCode() != 0 && o.exitCode() != ILLEGAL_REQUEST) {
      throw new FenceException(
          what + " on " + device + " failed: sg_persist exit code " + o.exitCode());
    }
    return o;
  }

  @Override
  public List<Long> readKeys() throws FenceException {
    Output o = run("READ KEYS", "-i", "-k");
    if (o.exitCode() != 0) {
      throw new FenceException("READ KEYS on " + device + " was refused");
    }
    return parseKeys(o.stdout());
  }

  static List<Long> parseKeys(String out) throws FenceException {
    List<Long> keys = new ArrayList<>();
    for (String line : out.split("\n")) {
      Matcher m = KEY.matcher(line);
      if (m.matches()) {
        keys.add(ReservationKey.parse(m.group(1)));
      }
    }
    return keys;
  }

  @Override
  public Optional<Reservation> readReservation() throws FenceException {
    Output o = run("READ RESERVATION", "-i", "-r");
    return parseReservation(o.stdout());
  }

  static Optional<Reservation> parseReservation(String out) throws FenceException {
    Matcher key = RESERVATION_KEY.matcher(out);
    if (out.contains("NO reservation") || !key.find()) {
      return Optional.empty();
    }
    Matcher type = TYPE.matcher(out);
    int t = 0;
    if (type.find()) {
      String name = type.group(1).toLowerCase();
      if (name.contains("write exclusive") && name.contains("registrants only")) {
        t = Reservation.WRITE_EXCLUSIVE_REGISTRANTS_ONLY;
      } else if (name.contains("exclusive access") && name.contains("registrants only")) {
        t = 6;
      } else if (name.contains("write exclusive") && name.contains("all registrants")) {
        t = 7;
      } else if (name.contains("exclusive access") && name.contains("all registrants")) {
        t = 8;
      } else if (name.contains("exclusive access")) {
        t = 3;
      } else if (name.contains("write exclusive")) {
        t = 1;
      }
    }
    return Optional.of(new Reservation(ReservationKey.parse(key.group(1)), t));
  }

  @Override
  public void registerIgnoringExisting(long key) throws FenceException {
    if (run("REGISTER AND IGNORE EXISTING KEY", "-o", "-I", "-S", ReservationKey.format(key))
            .exitCode()
        != 0) {
      throw new FenceException("REGISTER AND IGNORE EXISTING KEY on " + device + " was refused");
    }
  }

  @Override
  public void reserve(long key, int type) throws FenceException {
    if (run("RESERVE", "-o", "-R", "-T", Integer.toString(type), "-K", ReservationKey.format(key))
            .exitCode()
        != 0) {
      throw new FenceException("RESERVE on " + device + " was refused");
    }
  }

  @Override
  public void preempt(long own, long victim, int type, boolean abort) throws FenceException {
    String name = abort ? "PREEMPT AND ABORT" : "PREEMPT";
    Output o =
        run(
            name,
            "-o",
            abort ? "-A" : "-P",
            "-T",
            Integer.toString(type),
            "-K",
            ReservationKey.format(own),
            "-S",
            ReservationKey.format(victim));
    if (o.exitCode() == ILLEGAL_REQUEST) {
      if (abort) {
        throw new PreemptAbortUnsupportedException(name + " is not supported by " + device);
      }
      throw new FenceException(name + " on " + device + " was refused");
    }
  }

  @Override
  public String describe() {
    return device;
  }

  @Override
  public void close() {}

  private static Output exec(List<String> command, Duration timeout) throws FenceException {
    try {
      Process p =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectInput(ProcessBuilder.Redirect.PIPE)
              .start();
      p.getOutputStream().close();
      var reader = java.util.concurrent.CompletableFuture.supplyAsync(() -> readAll(p));
      if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        p.destroyForcibly();
        throw new FenceException(
            command.get(0) + " did not finish within " + timeout.toSeconds() + "s");
      }
      return new Output(p.exitValue(), reader.join());
    } catch (IOException e) {
      throw new FenceException("cannot run " + command.get(0) + ": " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new FenceException("interrupted while running " + command.get(0));
    }
  }

  private static String readAll(Process p) {
    try {
      return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "";
    }
  }
}
