package dev.rgmanager.plugin.simulate;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * simulate knows VM services as the operator does (the rules are the core's): guest, a VM that is
 * the whole service, migrates and fails back by migration; appliance, a VM inside a larger tree,
 * moves by stop and start and is refused migrate; a VM started by hand is adopted, and one found in
 * two places is reported.
 */
class VmSimulateTest {
  private static final Path VM =
      SimulateCommandTest.root().resolve("config/samples/simulations/vm");
  private static final Path CLUSTER = VM.resolve("cluster.yaml");

  /** The events {@code steps} (from node-1, node-2 and node-3 online) against vm/cluster.yaml. */
  private static Path events(Path tmp, String steps) throws IOException {
    return Files.writeString(
        tmp.resolve("vm.events.yaml"), "online: [node-1, node-2, node-3]\nsteps:\n" + steps);
  }

  private static SimulateCommandTest.Run run(Path tmp, String steps) throws IOException {
    return SimulateCommandTest.run(
        "simulate", "-f", CLUSTER.toString(), "--events", events(tmp, steps).toString());
  }

  private static JsonNode transcript(Path tmp, String steps) throws IOException {
    return SimulateCommandTest.transcript(CLUSTER, events(tmp, steps));
  }

  private static JsonNode sample(String events) throws IOException {
    return SimulateCommandTest.transcript(CLUSTER, VM.resolve(events));
  }

  /** The step logged exactly {@code lines}, and left {@code service} on {@code owner}. */
  private static void said(JsonNode step, String service, String owner, String... lines) {
    assertThat(step.get("log"))
        .as("log of %s", step.get("event"))
        .extracting(JsonNode::asText)
        .containsExactly(lines);
    assertThat(owner(step, service)).isEqualTo(owner);
  }

  private static String owner(JsonNode step, String service) {
    return step.get("services").get(service).get("owner").asText();
  }

  private static String state(JsonNode step, String service) {
    return step.get("services").get(service).get("state").asText();
  }

  private static String log(JsonNode step) {
    return step.get("log").toString();
  }

  @Test
  void fromADeadNodeTheVmStartsAndWhenTheNodeReturnsItFailsBackByMigration() throws IOException {
    JsonNode steps = sample("vm-failback.events.yaml");

    JsonNode lost = steps.get(1);
    assertThat(lost.get("log"))
        .extracting(JsonNode::asText)
        .contains(
            "fence node-1: succeeded",
            "kvm/guest: start on node-2 (recovering from the loss of node-1)");
    assertThat(log(lost)).doesNotContain("migrate");

    JsonNode back = steps.get(2);
    said(
        back,
        "kvm/guest",
        "node-1",
        "kvm/appliance: stop, then start on node-1 (failback: moving to node-1)",
        "kvm/guest: migrate to node-1 (failback)");
    assertThat(state(back, "kvm/guest")).isEqualTo("started");
  }

  @Test
  void migrateToANamedNodeMovesTheVmThere() throws IOException {
    JsonNode step = sample("vm-failback.events.yaml").get(3);
    assertThat(step.get("event").asText())
        .isEqualTo("operation {\"service\":\"kvm/guest\",\"op\":\"migrate\",\"node\":\"node-3\"}");
    said(
        step,
        "kvm/guest",
        "node-3",
        "kvm/guest: migrate to node-3 (requested by the administrator)");
  }

  @Test
  void aFailedMigrationLeavesTheVmOnItsSourceAndIsNotTriedAgainByItself() throws IOException {
    JsonNode steps = sample("vm-failback.events.yaml");
    assertThat(steps.get(4).get("log")).isEmpty();

    // node-3 in standby asks guest to move; the migration fails, once, and guest stays.
    JsonNode standby = steps.get(5);
    said(
        standby,
        "kvm/guest",
        "node-3",
        "kvm/guest: migrate to node-1 (node-3 is in standby)",
        "kvm/guest: migration to node-1 failed: still on node-3");
    assertThat(state(standby, "kvm/guest")).isEqualTo("started");

    // The administrator may try again: the failure was for one migration.
    JsonNode retried = steps.get(6);
    said(
        retried,
        "kvm/guest",
        "node-1",
        "kvm/guest: migrate to node-1 (requested by the administrator)");
  }

  @Test
  void aFailedFailbackIsNotRetriedWhenTheNodeJoinsAgain(@TempDir Path tmp) throws IOException {
    JsonNode steps =
        transcript(
            tmp,
            """
              - nodeDown: node-1
              - migrationFails: {service: kvm/guest}
              - nodeUp: node-1
              - standby: node-1
              - unstandby: node-1
            """);
    assertThat(steps.get(3).get("log"))
        .extracting(JsonNode::asText)
        .contains(
            "kvm/guest: migrate to node-1 (failback)",
            "kvm/guest: migration to node-1 failed: still on node-2");
    assertThat(owner(steps.get(3), "kvm/guest")).isEqualTo("node-2");
    // node-1 joins again (uncordoned): appliance fails back, guest is not migrated there again.
    assertThat(log(steps.get(5))).contains("kvm/appliance").doesNotContain("kvm/guest");
    assertThat(owner(steps.get(5), "kvm/guest")).isEqualTo("node-2");
  }

  @Test
  void aVmInsideALargerTreeRelocatesByStopAndStartAndIsRefusedMigrateWithTheCoresReason()
      throws IOException {
    JsonNode steps = sample("vm-failback.events.yaml");

    JsonNode refused = steps.get(7);
    said(
        refused,
        "kvm/appliance",
        "node-1",
        "kvm/appliance: refused migrate: kvm/appliance has its VM inside a larger tree, which"
            + " cannot migrate: relocate it (stop, then start)");

    JsonNode relocated = steps.get(8);
    said(
        relocated,
        "kvm/appliance",
        "node-2",
        "kvm/appliance: stop, then start on node-2 (relocate to node-2 requested by the"
            + " administrator)");
  }

  @Test
  void aServiceWithoutAVmIsRefusedMigrate(@TempDir Path tmp) throws IOException {
    Path events =
        Files.writeString(
            tmp.resolve("foo.events.yaml"),
            "online: [node-1, node-2]\nsteps:\n  - operation: {service: ha/foo, op: migrate}\n");
    said(
        SimulateCommandTest.transcript(VM.resolveSibling("cluster.yaml"), events).get(1),
        "ha/foo",
        "node-1",
        "ha/foo: refused migrate: migrate is only for VM services: relocate ha/foo instead");
  }

  @Test
  void aVmFoundRunningIsAdoptedWhereItRunsNotStartedTwice() throws IOException {
    JsonNode steps = sample("vm-tracking.events.yaml");
    assertThat(steps.get(2).get("log")).isEmpty();
    assertThat(state(steps.get(2), "kvm/guest")).isEqualTo("disabled");

    JsonNode enabled = steps.get(3);
    said(
        enabled,
        "kvm/guest",
        "node-2",
        "kvm/guest: adopt on node-2 (found already running on node-2: marked started there,"
            + " not started twice)");
  }

  @Test
  void aVmFoundInTwoPlacesIsReportedOnceAStepAndThenFollowedToTheCopyLeft() throws IOException {
    JsonNode steps = sample("vm-tracking.events.yaml");

    JsonNode two = steps.get(4);
    said(
        two,
        "kvm/guest",
        "node-2",
        "kvm/guest: two copies, nothing done (the VM of kvm/guest is running on node-2 and"
            + " node-3: stop the copy that must not run; nothing is started, stopped or moved"
            + " until then)");

    JsonNode followed = steps.get(5);
    said(
        followed,
        "kvm/guest",
        "node-3",
        "kvm/guest: adopt on node-3 (found running on node-3, not on node-2: following it"
            + " there)");
  }

  @Test
  void twoCopiesAreSaidEachStepWhileTheyRunAndStoppingTheStrayOneEndsIt(@TempDir Path tmp)
      throws IOException {
    JsonNode steps =
        transcript(
            tmp,
            """
              - vmFound: {service: kvm/guest, node: node-3}
              - advance: 10s
              - vmGone: {service: kvm/guest, node: node-3}
            """);
    for (int i : new int[] {1, 2}) {
      assertThat(steps.get(i).get("log"))
          .extracting(JsonNode::asText)
          .singleElement()
          .asString()
          .startsWith(
              "kvm/guest: two copies, nothing done (the VM of kvm/guest is running on"
                  + " node-1 and node-3");
      assertThat(owner(steps.get(i), "kvm/guest")).isEqualTo("node-1");
    }
    assertThat(steps.get(3).get("log")).isEmpty();
    assertThat(owner(steps.get(3), "kvm/guest")).isEqualTo("node-1");
  }

  @Test
  void theOwnersOnlyCopyStoppedByHandFailsItsStatusCheck(@TempDir Path tmp) throws IOException {
    JsonNode steps = transcript(tmp, "  - vmGone: {service: kvm/guest, node: node-1}\n");
    assertThat(log(steps.get(1)))
        .contains("kvm/guest: ")
        .contains("the VM is not running on node-1");
    assertThat(state(steps.get(1), "kvm/guest")).isEqualTo("started");
  }

  @Test
  void aLostOwnersCopyHoldsEveryStartUntilItIsFenced(@TempDir Path tmp) throws IOException {
    JsonNode steps =
        transcript(
            tmp,
            """
              - fenceFails: {node: node-1}
              - nodeDown: node-1
              - fenceRecovers: {node: node-1}
              - nodeUp: node-1
            """);
    assertThat(state(steps.get(2), "kvm/guest")).isEqualTo("recovering");
    assertThat(owner(steps.get(3), "kvm/guest")).isEqualTo("node-2");
    // Fencing took the copy on node-1 with it: back, node-1 gets guest by migration, not twice.
    assertThat(steps.get(4).get("log"))
        .extracting(JsonNode::asText)
        .contains("kvm/guest: migrate to node-1 (failback)");
    assertThat(log(steps.get(4))).doesNotContain("two copies");
  }

  @Test
  void vmEventsNameTheStepAndTheFieldWhenTheyCannotApply(@TempDir Path tmp) throws IOException {
    assertThat(run(tmp, "  - vmFound: {service: kvm/guest, node: node-1}\n").err().strip())
        .endsWith("steps[0].vmFound.node: the VM of kvm/guest already runs on node-1");
    assertThat(run(tmp, "  - vmGone: {service: kvm/guest, node: node-2}\n").err().strip())
        .endsWith(
            "steps[0].vmGone.node: the VM of kvm/guest does not run on node-2 (it runs on:"
                + " [node-1])");
    assertThat(run(tmp, "  - vmFound: {service: kvm/guest, node: node-9}\n").err())
        .contains("steps[0].vmFound: 'node-9' is not a member");
    assertThat(run(tmp, "  - migrationFails: {service: kvm/nope}\n").err())
        .contains("steps[0].migrationFails.service: unknown service 'kvm/nope'");
    assertThat(run(tmp, "  - migrationFails: {}\n").err())
        .contains("steps[0].migrationFails.service is required");
  }

  @Test
  void aVmEventForAServiceWithoutAVmIsAnError(@TempDir Path tmp) throws IOException {
    Path events = tmp.resolve("foo.events.yaml");
    Files.writeString(events, "online: [node-1]\nsteps:\n  - migrationFails: {service: ha/foo}\n");
    SimulateCommandTest.Run r =
        SimulateCommandTest.run(
            "simulate",
            "-f",
            VM.resolveSibling("cluster.yaml").toString(),
            "--events",
            events.toString());
    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.err().strip())
        .isEqualTo(
            "error: " + events + ": steps[0].migrationFails.service: ha/foo has no vm resource");
  }
}
