package dev.rgmanager.plugin.status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
import java.util.stream.IntStream;
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
            1L,
            state,
            owner,
            last,
            "2026-11-23T09:59:30Z",
            null,
            null,
            null,
            null,
            null,
            null,
            null));
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
            st.conditions(),
            st.migrationFailedTo()));

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

  static StatusFilter filter(String namespace, String service, String member) {
    StatusOptions o = new StatusOptions();
    o.namespace = namespace;
    o.service = service;
    o.member = member;
    return StatusFilter.of(o);
  }

  static ClusterService in(String namespace, ClusterService s) {
    s.getMetadata().setNamespace(namespace);
    return s;
  }

  private static List<ClusterService> services() {
    return List.of(
        service("web", ServiceState.STOPPED, null, "node-3", false),
        service("foo", ServiceState.STARTED, "node-1", "node-3", true),
        in("shop", service("web", ServiceState.STARTED, "node-2", null, false)));
  }

  @Test
  void aServiceFilterShowsOnlyThatServiceLikeClustatS() {
    String text =
        ClusterStatusView.render(
            cluster(), services(), filter(null, "ha-demo/foo", null), NOW, false);

    assertThat(text)
        .isEqualTo(
            """
         Service Name                     Owner (Last)         State        Frozen  Last Transition
         ------- ----                     ----- ------         -----        ------  ---- ----------
         ha-demo/foo                      node-1               started      yes     2026-11-23T09:59:30Z
        """);
  }

  @Test
  void aBareServiceNameMatchesItInEveryNamespaceSearched() {
    assertThat(
            ClusterStatusView.render(cluster(), services(), filter(null, "web", null), NOW, false))
        .contains(" ha-demo/web ", " shop/web ")
        .doesNotContain("ha-demo/foo");
    assertThat(
            ClusterStatusView.render(
                cluster(), services(), filter("shop", "web", null), NOW, false))
        .contains(" shop/web ")
        .doesNotContain("ha-demo/web");
  }

  @Test
  void aMemberFilterShowsOnlyThatMemberLikeClustatM() {
    String text =
        ClusterStatusView.render(cluster(), services(), filter(null, null, "node-3"), NOW, false);

    assertThat(text)
        .isEqualTo(
            """
         Member Name              Votes  Status
         ------ ----              -----  ------
         node-3                       1  Offline, Fenced by power
        """);
  }

  @Test
  void bothFiltersShowTheMemberThenTheService() {
    String text =
        ClusterStatusView.render(
            cluster(), services(), filter(null, "ha-demo/foo", "node-1"), NOW, false);

    assertThat(text)
        .isEqualTo(
            """
         Member Name              Votes  Status
         ------ ----              -----  ------
         node-1                       1  Online

         Service Name                     Owner (Last)         State        Frozen  Last Transition
         ------- ----                     ----- ------         -----        ------  ---- ----------
         ha-demo/foo                      node-1               started      yes     2026-11-23T09:59:30Z
        """);
  }

  @Test
  void anUnknownServiceNamesTheNamespaceSearched() {
    assertThatThrownBy(
            () ->
                ClusterStatusView.render(
                    cluster(), services(), filter("ha-demo", "nope", null), NOW, false))
        .isInstanceOf(StatusFilter.NotInViewException.class)
        .hasMessage(
            "unknown service nope: not found in namespace ha-demo"
                + " (kubectl get clusterservices -A lists them)");
    assertThatThrownBy(
            () ->
                ClusterStatusView.render(
                    cluster(), services(), filter(null, "shop/foo", null), NOW, false))
        .hasMessageStartingWith("unknown service foo: not found in namespace shop ");
    assertThatThrownBy(
            () ->
                ClusterStatusView.render(
                    cluster(), services(), filter(null, "nope", null), NOW, false))
        .hasMessageStartingWith("unknown service nope: not found in any namespace ");
  }

  @Test
  void anUnknownMemberNamesTheClusterAndItsMembers() {
    assertThatThrownBy(
            () ->
                ClusterStatusView.render(
                    cluster(), services(), filter(null, null, "node-9"), NOW, false))
        .isInstanceOf(StatusFilter.NotInViewException.class)
        .hasMessage(
            "unknown member node-9: not a member of HACluster demo"
                + " (its members: node-1, node-2, node-3)");
    assertThatThrownBy(
            () ->
                ClusterStatusView.render(null, List.of(), filter(null, null, "node-1"), NOW, false))
        .hasMessage("unknown member node-1: there is no HACluster (kubectl get haclusters)");
    HACluster unreported = cluster();
    unreported.setStatus(null);
    assertThatThrownBy(
            () ->
                ClusterStatusView.render(
                    unreported, List.of(), filter(null, null, "node-1"), NOW, false))
        .hasMessageContaining("HACluster demo has no status yet");
  }

  @Test
  void aLargeClusterListsSomeMembersAndCountsTheRest() {
    MemberStatus[] many =
        IntStream.rangeClosed(1, 25)
            .mapToObj(
                i ->
                    new MemberStatus(
                        String.format("n%02d", i),
                        MemberState.ONLINE,
                        1,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null))
            .toArray(MemberStatus[]::new);

    assertThatThrownBy(
            () ->
                ClusterStatusView.render(
                    withMembers(many), List.of(), filter(null, null, "x"), NOW, false))
        .hasMessageEndingWith(
            "(its members: n01, n02, n03, n04, n05, n06, n07, n08, n09, n10, ... 25 in all)");
  }

  @Test
  void contradictoryOrEmptyFiltersAreUsageErrors() {
    assertThatThrownBy(() -> filter("ha-demo", "shop/web", null))
        .isInstanceOf(StatusFilter.UsageException.class)
        .hasMessage("-s shop/web names namespace shop but -n names ha-demo");
    assertThatThrownBy(() -> filter(null, "shop/", null))
        .hasMessage("-s needs NAME or NAMESPACE/NAME, not 'shop/'");
    assertThatThrownBy(() -> filter(null, null, " "))
        .hasMessage("-m needs a member name (a node of the HACluster)");
    assertThat(filter("ha-demo", "ha-demo/web", null).namespace()).isEqualTo("ha-demo");
    assertThat(filter(null, "shop/web", null)).isEqualTo(new StatusFilter("shop", "web", null));
  }

  @Test
  void aMemberInStandbyIsShownSo() {
    HACluster c = cluster();
    var members = new java.util.ArrayList<>(c.getStatus().membersOrEmpty());
    members.set(
        1,
        new MemberStatus(
            "node-2", MemberState.ONLINE, 1, null, null, null, null, null, null, null, true));
    c.setStatus(new HAClusterStatus(1L, true, 2, 3, 2, 0, 2, null, members, null, null, null));
    String text = ClusterStatusView.render(c, List.of(), NOW, false);
    assertThat(text).contains(" node-2                       1  Online, Standby\n");
    assertThat(text).contains(" node-1                       1  Online\n");
  }

  @Test
  void saysSoWhenTheOperatorHasNotReportedYet() {
    HACluster fresh = new HACluster();
    fresh.setMetadata(new ObjectMetaBuilder().withName("demo").build());
    assertThat(ClusterStatusView.render(fresh, List.of(), NOW, false))
        .contains("Member Status: unknown (the operator has not reported yet)");
  }
}
