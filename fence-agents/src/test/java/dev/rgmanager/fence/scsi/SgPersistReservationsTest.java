package dev.rgmanager.fence.scsi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * sg_persist command lines and output parsing. This machine has no /dev/sg*, so sg_persist is
 * replaced by a recorder that answers with sg_persist's documented output.
 */
class SgPersistReservationsTest {
  private final List<List<String>> commands = new ArrayList<>();
  private final List<SgPersistReservations.Output> answers = new ArrayList<>();

  private SgPersistReservations device() {
    return new SgPersistReservations(
        "sg_persist",
        "/dev/sdb",
        Duration.ofSeconds(5),
        (command, timeout) -> {
          commands.add(command);
          return answers.remove(0);
        });
  }

  private void answer(int code, String out) {
    answers.add(new SgPersistReservations.Output(code, out));
  }

  @Test
  void readsKeys() throws Exception {
    answer(
        0,
        "  PR generation=0x3, 2 registered reservation keys follow:\n"
            + "    0x2c170001\n    0x2c170002\n");
    assertThat(device().readKeys()).containsExactly(0x2c170001L, 0x2c170002L);
    assertThat(commands.get(0)).containsExactly("sg_persist", "-n", "-i", "-k", "-d", "/dev/sdb");
  }

  @Test
  void readsNoKeys() throws Exception {
    answer(0, "  PR generation=0x0, there are NO registered reservation keys\n");
    assertThat(device().readKeys()).isEmpty();
  }

  @Test
  void readsTheReservation() throws Exception {
    answer(
        0,
        "  PR generation=0x3, Reservation follows:\n    Key=0x2c170001\n"
            + "    scope: LU_SCOPE,  type: Write Exclusive, registrants only\n");
    assertThat(device().readReservation()).contains(new Reservation(0x2c170001L, 5));
    answer(0, "  PR generation=0x3, there is NO reservation held\n");
    assertThat(device().readReservation()).isEmpty();
  }

  @Test
  void buildsRegisterReserveAndPreemptLikeFenceScsi() throws Exception {
    answer(0, "");
    answer(0, "");
    answer(0, "");
    SgPersistReservations d = device();
    d.registerIgnoringExisting(0x2c170002L);
    d.reserve(0x2c170002L, 5);
    d.preempt(0x2c170000L, 0x2c170002L, 5, true);
    assertThat(commands.get(0))
        .containsExactly("sg_persist", "-n", "-o", "-I", "-S", "0x2c170002", "-d", "/dev/sdb");
    assertThat(commands.get(1))
        .containsExactly(
            "sg_persist", "-n", "-o", "-R", "-T", "5", "-K", "0x2c170002", "-d", "/dev/sdb");
    assertThat(commands.get(2))
        .containsExactly(
            "sg_persist",
            "-n",
            "-o",
            "-A",
            "-T",
            "5",
            "-K",
            "0x2c170000",
            "-S",
            "0x2c170002",
            "-d",
            "/dev/sdb");
  }

  @Test
  void illegalRequestOnPreemptAndAbortAsksForTheFallback() {
    answer(5, "persistent reserve out: Illegal request\n");
    assertThatThrownBy(() -> device().preempt(1, 2, 5, true))
        .isInstanceOf(PreemptAbortUnsupportedException.class);
  }

  @Test
  void otherFailuresNameTheExitCode() {
    answer(24, "persistent reserve out: reservation conflict\n");
    assertThatThrownBy(() -> device().registerIgnoringExisting(7))
        .hasMessageContaining("exit code 24");
  }
}
