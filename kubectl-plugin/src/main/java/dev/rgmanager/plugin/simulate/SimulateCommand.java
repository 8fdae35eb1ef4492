package dev.rgmanager.plugin.simulate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rgmanager.operator.core.ServiceFacts;
import dev.rgmanager.plugin.manifests.ManifestFiles;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code kubectl cluster-status simulate}: what would the cluster do if...? The operator's own
 * decision core runs against manifests and a list of events (Pacemaker's crm_simulate analog).
 */
@Command(
    name = "simulate",
    mixinStandardHelpOptions = true,
    description = {
      "Run the operator's decision core offline against manifests and events, and print what the"
          + " cluster would do at each step.",
      "Events file: 'online: [A, B]' then 'steps:' of nodeDown, nodeUp, standby, unstandby, resourceFails, startFails,"
          + " stopFails, migrationFails, vmFound, vmGone, fenceFails, fenceRecovers, operation, advance"
          + " (see docs/simulate.md)."
    })
public final class SimulateCommand implements Callable<Integer> {
  /**
   * The transcript's mapper, made on first use: picocli makes every subcommand's object at each
   * start, and a mapper built here would cost the clustat view some 400 Jackson classes it never
   * uses.
   */
  private static final class Json {
    static final ObjectMapper MAPPER =
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  }

  @Option(
      names = {"-f", "--filename"},
      required = true,
      paramLabel = "FILE",
      description =
          "Manifests: a file, or a directory (its *.yaml, *.yml, *.json; not *.events.yaml,"
              + " *.expected.json). Repeatable.")
  List<Path> manifests;

  @Option(
      names = {"-R", "--recursive"},
      description = "Read the subdirectories of directories too, as kubectl apply -R does.")
  boolean recursive;

  @Option(
      names = "--events",
      required = true,
      paramLabel = "FILE",
      description = "The events file.")
  Path events;

  @Option(
      names = {"-o", "--output"},
      defaultValue = "text",
      description = "json or text (default).")
  String output;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (!List.of("json", "text").contains(output)) {
      err.println("error: -o must be json or text, not " + output);
      return 2;
    }
    if (Files.isDirectory(events)) {
      err.println("error: --events " + events + " is a directory: name one events file");
      err.flush();
      return 1;
    }
    try {
      List<Path> files = ManifestFiles.expand(manifests, recursive).manifests();
      ArrayNode transcript = run(Scenario.load(files, events), events.toString());
      out.print(
          "json".equals(output)
              ? Json.MAPPER.writeValueAsString(transcript) + "\n"
              : text(transcript));
      out.flush();
      return 0;
    } catch (SimulationException e) {
      err.println("error: " + e.getMessage());
      err.flush();
      return 1;
    } catch (NoSuchFileException e) {
      err.println("error: cannot read " + e.getMessage() + ": no such file");
      err.flush();
      return 1;
    } catch (IOException e) {
      err.println("error: cannot read " + e.getMessage());
      err.flush();
      return 1;
    }
  }

  /** The transcript: the initial state, then one element per step. */
  static ArrayNode run(Scenario scenario, String eventsName) throws SimulationException {
    Simulator sim = new Simulator(scenario);
    ArrayNode transcript = Json.MAPPER.createArrayNode();
    sim.settle();
    transcript.add(snapshot(sim, 0, "quorum forms with " + String.join(", ", scenario.online())));
    int i = 0;
    for (JsonNode step : scenario.steps()) {
      i++;
      String key = step.fieldNames().next();
      // The file, the step's index and its event, then the field: "events.yaml: steps[2].advance".
      String where = eventsName + ": steps[" + (i - 1) + "]." + key;
      try {
        sim.step(step, where);
      } catch (RuntimeException e) {
        // A value the core cannot take is the input's fault: one line, never a stack trace.
        throw new SimulationException(where + ": " + e.getMessage());
      }
      JsonNode v = step.get(key);
      transcript.add(snapshot(sim, i, key + " " + (v.isValueNode() ? v.asText() : v.toString())));
    }
    return transcript;
  }

  private static ObjectNode snapshot(Simulator sim, int step, String event) {
    ObjectNode n = Json.MAPPER.createObjectNode();
    n.put("step", step);
    n.put("event", event);
    n.put("quorate", sim.quorate());
    ObjectNode services = n.putObject("services");
    for (var e : sim.services().entrySet()) {
      ServiceFacts s = e.getValue();
      ObjectNode line = services.putObject(e.getKey());
      line.put("state", s.state() == null ? null : s.state().name().toLowerCase(Locale.ROOT));
      line.put("owner", s.owner());
    }
    ArrayNode log = n.putArray("log");
    sim.takeLog().forEach(log::add);
    return n;
  }

  private static String text(ArrayNode transcript) {
    StringBuilder b = new StringBuilder();
    for (JsonNode step : transcript) {
      b.append(
          String.format(
              Locale.ROOT,
              "[%d] %s  (%s)%n",
              step.get("step").asInt(),
              step.get("event").asText(),
              step.get("quorate").asBoolean() ? "quorate" : "INQUORATE"));
      step.get("log").forEach(l -> b.append("    ").append(l.asText()).append('\n'));
      step.get("services")
          .fields()
          .forEachRemaining(
              e ->
                  b.append(
                      String.format(
                          Locale.ROOT,
                          "    %-32s %-10s %s%n",
                          e.getKey(),
                          e.getValue().get("state").asText("-"),
                          e.getValue().get("owner").isNull()
                              ? ""
                              : e.getValue().get("owner").asText())));
    }
    return b.toString();
  }
}
