package dev.rgmanager.operator.membership;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rgmanager.api.v1alpha1.AcknowledgementRecord;
import dev.rgmanager.api.v1alpha1.AcknowledgementRecord.Outcome;
import dev.rgmanager.api.v1alpha1.FenceAcknowledgement;
import dev.rgmanager.api.v1alpha1.MemberState;
import dev.rgmanager.api.v1alpha1.MemberStatus;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class AcknowledgementsTest {
  private static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");

  private static MemberStatus member(String name, MemberState state, String fencedBy) {
    return new MemberStatus(
        name, state, 1, null, NOW.minusSeconds(30).toString(), null, fencedBy, null, null, null);
  }

  private static FenceAcknowledgement ack(String node, Instant at) {
    return new FenceAcknowledgement(node, at.toString(), "admin");
  }

  @Test
  void anAcknowledgementIsStampedWithTheOperatorsClockNotTheWorkstations() {
    // The workstation's clock is an hour behind: its acknowledgedAt is before the loss.
    var review =
        Acknowledgements.review(
            List.of(ack("a", NOW.minusSeconds(3600))),
            List.of(),
            List.of(member("a", MemberState.OFFLINE, null)),
            NOW);
    assertThat(review.usable()).containsEntry("a", NOW);
    assertThat(review.records())
        .extracting(AcknowledgementRecord::seenAt)
        .containsExactly(NOW.toString());
  }

  @Test
  void anAcknowledgementClaimingAFutureTimeIsRefused() {
    var review =
        Acknowledgements.review(
            List.of(ack("a", NOW.plusSeconds(600))),
            List.of(),
            List.of(member("a", MemberState.OFFLINE, null)),
            NOW);
    assertThat(review.usable()).isEmpty();
    assertThat(review.refused())
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.outcome()).isEqualTo(Outcome.REFUSED);
              assertThat(r.message()).contains("later than the operator's clock");
            });
  }

  @Test
  void anAcknowledgementOfANodeThatIsOnlineIsRefused() {
    var review =
        Acknowledgements.review(
            List.of(ack("a", NOW)), List.of(), List.of(member("a", MemberState.ONLINE, null)), NOW);
    assertThat(review.usable()).isEmpty();
    assertThat(review.refused())
        .singleElement()
        .satisfies(r -> assertThat(r.message()).contains("online"));
  }

  @Test
  void anAcknowledgementIsAppliedToOneLossAndNeverAgain() {
    var first =
        Acknowledgements.review(
            List.of(ack("a", NOW)),
            List.of(),
            List.of(member("a", MemberState.OFFLINE, null)),
            NOW);
    List<AcknowledgementRecord> applied =
        Acknowledgements.settle(
            first.records(), List.of(member("a", MemberState.FENCED, "manual")));
    assertThat(applied).extracting(AcknowledgementRecord::outcome).containsExactly(Outcome.APPLIED);
    // a rejoins and is lost again later: the same acknowledgement does not cover the new loss.
    var later =
        Acknowledgements.review(
            List.of(ack("a", NOW)),
            applied,
            List.of(member("a", MemberState.OFFLINE, null)),
            NOW.plusSeconds(600));
    assertThat(later.usable()).isEmpty();
  }

  @Test
  void aPendingAcknowledgementOfANodeThatCameBackIsConsumed() {
    var review =
        Acknowledgements.review(
            List.of(ack("a", NOW)),
            List.of(),
            List.of(member("a", MemberState.OFFLINE, null)),
            NOW);
    List<AcknowledgementRecord> after =
        Acknowledgements.settle(review.records(), List.of(member("a", MemberState.ONLINE, null)));
    assertThat(after).extracting(AcknowledgementRecord::outcome).containsExactly(Outcome.REFUSED);
  }
}
