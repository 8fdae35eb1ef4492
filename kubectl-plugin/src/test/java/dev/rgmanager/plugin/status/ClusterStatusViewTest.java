package dev.rgmanager.plugin.status;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rgmanager.api.v1alpha1.ClusterService;
import dev.rgmanager.api.v1alpha1.ClusterServiceSpec;
import dev.rgmanager.api.v1alpha1.ClusterServiceStatus;
import dev.rgmanager.api.v1alpha1.HACluster;
import dev.rgmanager.api.v1alpha1.HAClusterStatus;
import dev.rgmanager.api.v1alpha1.MemberState;
import dev.rgmanager.api.v1alpha1.MemberStatus;
import dev.rgmanager.api.v1alpha1.ServiceState;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClusterStatusViewTest {
  private static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");

  static HACluster cluster() {
    HACluster c = new HACluster();
    c.setMetadata(new ObjectMetaBuilder().withName("demo").build());
    c.setStatus(
        new HAClusterStatus(
            1L,
            true,
            2,
            3,
            2,
            0,
            2,
            null,
            List.of(
                new MemberStatus(
                    "node-1", MemberState.ONLINE, 1, null, null, null, null, null, null, null),
                new MemberStatus(
                    "node-2", MemberState.ONLINE, 1, null, null, null, null, null, null, null),
                new MemberStatus(
                    "node-3",
                    MemberState.FENCED,
                    1,
                    null,
                    null,
                    "2026-11-23T09:59:00Z",
                    "power",
                    1,
                    null,
                    null)),
            null,
            null,
            null));
    return c;
  }

  static ClusterService service(
      String name, ServiceState state, String owner, String last, boolean frozen) {
    ClusterService s = new ClusterService();
    s.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace("ha-demo").build());
    s.setSpec(
        new ClusterServiceSpec(
            null, null, null, null, null, null, null, null, null, frozen, null, null, null,
            List.of()));
    s.setStatus(
        new ClusterServiceStatus(
            1L, state, owner, last, "2026-11-23T09:59:30Z", null, null, null, null, null, null));
    return s;
  }

  @Test
  void rendersTheClustatViewLikeClustat() {
    String text =
        ClusterStatusView.render(
            cluster(),
            List.of(
                service("web", ServiceState.STOPPED, null, "node-3", false),
                service("foo", ServiceState.STARTED, "node-1", "node-3", true)),
            NOW,
            false);
    assertThat(text)
        .isEqualTo(
            """
        Cluster Status for demo @ Mon Nov 23 10:00:00 2026
        Member Status: Quorate (votes 2, expected 3, needed 2)

         Member Name              Votes  Status
         ------ ----              -----  ------
         node-1                       1  Online
         node-2                       1  Online
         node-3                       1  Offline, Fenced by power

         Service Name                     Owner (Last)         State        Frozen  Last Transition
         ------- ----                     ----- ------         -----        ------  ---- ----------
         ha-demo/foo                      node-1               started      yes     2026-11-23T09:59:30Z
         ha-demo/web                      (node-3)             stopped      no      2026-11-23T09:59:30Z
        """);
  }

  static MemberStatus member(MemberState state, String message, boolean unclean) {
    return new MemberStatus(
        "node-2", state, 1, null, null, null, null, null, message, unclean ? true : null);
  }

  static HACluster withMembers(MemberStatus... members) {
    HACluster c = cluster();
    HAClusterStatus st = c.getStatus();
    c.setStatus(
        new HAClusterStatus(
            st.observedGeneration(),
            st.quorate(),
            st.votes(),
            st.expectedVotes(),
            st.quorumVotes(),
            st.quorumDeviceVotes(),
            st.onlineMembers(),
            st.quorumTransitionTime(),
            List.of(members),
            st.conditions(),
            st.configuredExpectedVotes(),
            st.acknowledgements()));
    return c;
  }

  @Test
  void aMemberMessageThatOnlyRepeatsTheStateIsNotShown() {
    String text =
        ClusterStatusView.render(
            withMembers(member(MemberState.FENCING, "fencing", true)), List.of(), NOW, false);

    assertThat(text).contains(" node-2                       1  Offline, Unclean, Fencing\n");
  }

  @Test
  void aMemberMessageThatSaysMoreIsShown() {
    String text =
        ClusterStatusView.render(
            withMembers(
                member(MemberState.FENCING, "round 1: power: BMC did not answer", true),
                member(MemberState.OFFLINE, "offline", false)),
            List.of(),
            NOW,
            false);

    assertThat(text)
        .contains("Offline, Unclean, Fencing (round 1: power: BMC did not answer)\n")
        .contains("  Offline\n");
  }

  @Test
  void transitionTimesArePrintedToTheSecondInUtc() {
    ClusterService s = service("foo", ServiceState.STARTED, "node-1", null, false);
    ClusterServiceStatus st = s.getStatus();
    s.setStatus(
        new ClusterServiceStatus(
            st.observedGeneration(),
            st.state(),
            st.owner(),
            st.lastOwner(),
            "2026-11-23T09:59:30.123456789Z",
            st.restarts(),
            st.resources(),
            st.transition(),
            st.lastOperation(),
            st.message(),
            st.conditions()));

    String text = ClusterStatusView.render(cluster(), List.of(s), NOW, false);

    assertThat(text).contains(" no      2026-11-23T09:59:30Z\n").doesNotContain(".123");
    assertThat(ClusterStatusView.toSecond("2026-11-23T10:59:30.5+01:00"))
        .isEqualTo("2026-11-23T09:59:30Z");
    assertThat(ClusterStatusView.toSecond("soon")).isEqualTo("soon");
  }

  @Test
  void colourMarksStatesWhenAsked() {
    String text =
        ClusterStatusView.render(
            cluster(),
            List.of(service("foo", ServiceState.FAILED, null, "node-1", false)),
            NOW,
            true);
    assertThat(text).contains("\u001b[32mQuorate\u001b[0m").contains("\u001b[31mfailed\u001b[0m");
  }

  @Test
  void saysSoWhenNoClusterExists() {
    assertThat(ClusterStatusView.render(null, List.of(), NOW, false))
        .startsWith("Cluster Status for (no HACluster)")
        .contains("(no services)");
  }

  @Test
  void saysSoWhenTheOperatorHasNotReportedYet() {
    HACluster fresh = new HACluster();
    fresh.setMetadata(new ObjectMetaBuilder().withName("demo").build());
    assertThat(ClusterStatusView.render(fresh, List.of(), NOW, false))
        .contains("Member Status: unknown (the operator has not reported yet)");
  }
}
