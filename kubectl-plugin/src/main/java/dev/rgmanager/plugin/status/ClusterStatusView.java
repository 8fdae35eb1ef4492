package dev.rgmanager.plugin.status;

import dev.rgmanager.api.v1alpha1.ClusterService;
import dev.rgmanager.api.v1alpha1.ClusterServiceStatus;
import dev.rgmanager.api.v1alpha1.HACluster;
import dev.rgmanager.api.v1alpha1.HAClusterStatus;
import dev.rgmanager.api.v1alpha1.MemberState;
import dev.rgmanager.api.v1alpha1.MemberStatus;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * Renders the clustat view: cluster, quorum line, members, services, or only the service and member
 * asked for. Pure, so it is golden-tested.
 */
public final class ClusterStatusView {
  private static final DateTimeFormatter STAMP =
      DateTimeFormatter.ofPattern("EEE MMM d HH:mm:ss yyyy", Locale.ROOT).withZone(ZoneOffset.UTC);
  private static final String RESET = "\u001b[0m";
  private static final String GREEN = "\u001b[32m";
  private static final String RED = "\u001b[31m";
  private static final String YELLOW = "\u001b[33m";

  private ClusterStatusView() {}

  public static String render(
      HACluster cluster, List<ClusterService> services, Instant now, boolean colour) {
    StringBuilder out = new StringBuilder();
    String name = cluster == null ? "(no HACluster)" : cluster.getMetadata().getName();
    out.append("Cluster Status for ")
        .append(name)
        .append(" @ ")
        .append(STAMP.format(now))
        .append('\n');
    HAClusterStatus st = cluster == null ? HAClusterStatus.empty() : cluster.getStatus();
    if (st.equals(HAClusterStatus.empty())) {
      out.append("Member Status: unknown (the operator has not reported yet)\n");
    } else {
      boolean q = Boolean.TRUE.equals(st.quorate());
      out.append("Member Status: ")
          .append(paint(q ? "Quorate" : "Inquorate", q ? GREEN : RED, colour))
          .append(
              String.format(
                  Locale.ROOT,
                  " (votes %d, expected %d, needed %d%s)%n",
                  nz(st.votes()),
                  nz(st.expectedVotes()),
                  nz(st.quorumVotes()),
                  nz(st.quorumDeviceVotes()) > 0
                      ? ", quorum device " + st.quorumDeviceVotes()
                      : ""));
      out.append('\n');
      memberTable(out, st.membersOrEmpty(), colour);
    }
    out.append('\n');
    serviceTable(out, services, colour);
    return out.toString();
  }

  /**
   * The view narrowed as clustat narrows it: {@code -m} prints only the member table with that
   * member, {@code -s} only the service table with that service, both print both; neither the
   * header nor the quorum line. Throws {@link StatusFilter.NotInViewException} for a service or
   * member that is not there.
   */
  public static String render(
      HACluster cluster,
      List<ClusterService> services,
      StatusFilter filter,
      Instant now,
      boolean colour) {
    if (filter.showsAll()) {
      return render(cluster, services, now, colour);
    }
    StringBuilder out = new StringBuilder();
    if (filter.member() != null) {
      memberTable(out, filter.members(cluster), colour);
    }
    if (filter.service() != null) {
      List<ClusterService> shown = filter.services(services);
      if (filter.member() != null) {
        out.append('\n');
      }
      serviceTable(out, shown, colour);
    }
    return out.toString();
  }

  private static void memberTable(StringBuilder out, List<MemberStatus> members, boolean colour) {
    out.append(String.format(Locale.ROOT, " %-24s %5s  %s%n", "Member Name", "Votes", "Status"));
    out.append(String.format(Locale.ROOT, " %-24s %5s  %s%n", "------ ----", "-----", "------"));
    for (MemberStatus m : members) {
      out.append(
          String.format(
              Locale.ROOT, " %-24s %5d  %s%n", m.name(), nz(m.votes()), memberState(m, colour)));
    }
  }

  private static void serviceTable(
      StringBuilder out, List<ClusterService> services, boolean colour) {
    int width = services.stream().mapToInt(v -> qualifiedName(v).length()).reduce(32, Math::max);
    String columns = " %-" + width + "s %-20s %-12s %-7s %s%n";
    out.append(
        String.format(
            Locale.ROOT,
            columns,
            "Service Name",
            "Owner (Last)",
            "State",
            "Frozen",
            "Last Transition"));
    out.append(
        String.format(
            Locale.ROOT,
            columns,
            "------- ----",
            "----- ------",
            "-----",
            "------",
            "---- ----------"));
    services.stream()
        .sorted(
            Comparator.comparing((ClusterService s) -> s.getMetadata().getNamespace())
                .thenComparing(s -> s.getMetadata().getName()))
        .forEach(s -> out.append(serviceLine(s, colour, width)));
    if (services.isEmpty()) {
      out.append(" (no services)\n");
    }
  }

  private static String qualifiedName(ClusterService s) {
    return s.getMetadata().getNamespace() + "/" + s.getMetadata().getName();
  }

  private static String serviceLine(ClusterService s, boolean colour, int width) {
    ClusterServiceStatus st = s.getStatus();
    String state =
        st == null || st.state() == null ? "unknown" : st.state().name().toLowerCase(Locale.ROOT);
    String owner = st == null ? null : st.owner();
    String last = st == null ? null : st.lastOwner();
    String ownerText = owner != null ? owner : last != null ? "(" + last + ")" : "(none)";
    String colourOf =
        switch (state) {
          case "started" -> GREEN;
          case "failed" -> RED;
          case "stopped", "disabled" -> "";
          default -> YELLOW;
        };
    boolean frozen = s.getSpec() != null && s.getSpec().frozenOrDefault();
    String since = st == null ? "-" : toSecond(st.lastTransitionTime());
    return String.format(
        Locale.ROOT,
        " %-" + width + "s %-20s %s %-7s %s%n",
        qualifiedName(s),
        ownerText,
        pad(paint(state, colourOf, colour), 12, state.length()),
        frozen ? "yes" : "no",
        since);
  }

  private static String memberState(MemberStatus m, boolean colour) {
    MemberState s = m.state();
    if (s == null) {
      return "Unknown";
    }
    return switch (s) {
      case ONLINE ->
          m.standbyOrDefault()
              ? paint("Online, Standby", YELLOW, colour)
              : paint("Online", GREEN, colour);
      case OFFLINE -> {
        String label = m.uncleanOrDefault() ? "Offline, Unclean" : "Offline";
        yield paint(label, RED, colour) + detail(label, m.message());
      }
      case FENCING -> {
        String label = "Offline, Unclean, Fencing";
        yield paint(label, YELLOW, colour) + detail(label, m.message());
      }
      case FENCED ->
          paint("Offline, Fenced", RED, colour)
              + (m.fencedBy() == null ? "" : " by " + m.fencedBy());
    };
  }

  /**
   * The member's message in brackets, unless it only repeats the state ("Fencing (fencing)"): the
   * operator's message for a fencing under way without an outcome yet is the word itself.
   */
  private static String detail(String label, String message) {
    if (message == null || message.isBlank()) {
      return "";
    }
    String said = message.strip().toLowerCase(Locale.ROOT);
    boolean repeats = List.of(label.toLowerCase(Locale.ROOT).split(",\\s*")).contains(said);
    return repeats ? "" : " (" + message.strip() + ")";
  }

  /**
   * An RFC 3339 time to the second, in UTC like the header (the operator writes nanoseconds); a
   * value that is not a time is shown as it is.
   */
  static String toSecond(String time) {
    if (time == null || time.isBlank()) {
      return "-";
    }
    try {
      return DateTimeFormatter.ISO_INSTANT.format(
          OffsetDateTime.parse(time).toInstant().truncatedTo(ChronoUnit.SECONDS));
    } catch (DateTimeParseException e) {
      return time;
    }
  }

  private static String pad(String text, int width, int visible) {
    return visible >= width ? text : text + " ".repeat(width - visible);
  }

  private static String paint(String text, String code, boolean colour) {
    return colour && !code.isEmpty() ? code + text + RESET : text;
  }

  private static int nz(Integer i) {
    return i == null ? 0 : i;
  }
}
