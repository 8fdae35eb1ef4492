package dev.rgmanager.operator.membership;

import dev.rgmanager.api.v1alpha1.AcknowledgementRecord;
import dev.rgmanager.api.v1alpha1.AcknowledgementRecord.Outcome;
import dev.rgmanager.api.v1alpha1.FenceAcknowledgement;
import dev.rgmanager.api.v1alpha1.MemberState;
import dev.rgmanager.api.v1alpha1.MemberStatus;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Manual fencing acknowledgements, reviewed: each is stamped with the operator's clock when first
 * seen (a workstation's clock decides nothing), refused when it claims a future time or names a
 * node that was not lost, and applied to one loss only. Pure.
 */
public final class Acknowledgements {
  /** How far ahead of the operator's clock a workstation's clock may be. */
  static final Duration SKEW = Duration.ofSeconds(5);

  private Acknowledgements() {}

  /**
   * The records after a review, the newly refused ones (for Events), and the usable ones: node to
   * when the operator first saw its pending acknowledgement.
   */
  public record Review(
      List<AcknowledgementRecord> records,
      List<AcknowledgementRecord> refused,
      Map<String, Instant> usable) {}

  public static Review review(
      List<FenceAcknowledgement> spec,
      List<AcknowledgementRecord> previous,
      List<MemberStatus> members,
      Instant now) {
    Map<String, AcknowledgementRecord> known = new HashMap<>();
    previous.forEach(r -> known.put(key(r.node(), r.acknowledgedAt()), r));
    Map<String, MemberState> states = new HashMap<>();
    members.forEach(m -> states.put(m.name(), m.state()));
    List<AcknowledgementRecord> records = new ArrayList<>();
    List<AcknowledgementRecord> refused = new ArrayList<>();
    Map<String, Instant> usable = new HashMap<>();
    for (FenceAcknowledgement ack : spec) {
      AcknowledgementRecord r = known.get(key(ack.node(), ack.acknowledgedAt()));
      if (r == null) {
        r = first(ack, states.get(ack.node()), now);
        if (r.outcome() == Outcome.REFUSED) {
          refused.add(r);
        }
      }
      records.add(r);
      if (r.outcome() == Outcome.PENDING) {
        usable.merge(r.node(), Instant.parse(r.seenAt()), (a, b) -> a.isAfter(b) ? a : b);
      }
    }
    return new Review(records, refused, usable);
  }

  /**
   * Consumes the pending acknowledgements of every node that is now fenced (by this one or by a
   * method) or back online: none carries over to a later loss.
   */
  public static List<AcknowledgementRecord> settle(
      List<AcknowledgementRecord> records, List<MemberStatus> decided) {
    Map<String, MemberStatus> byName = new HashMap<>();
    decided.forEach(m -> byName.put(m.name(), m));
    List<AcknowledgementRecord> out = new ArrayList<>();
    for (AcknowledgementRecord r : records) {
      MemberStatus m = byName.get(r.node());
      if (r.outcome() != Outcome.PENDING || m == null) {
        out.add(r);
      } else if (m.state() == MemberState.FENCED) {
        out.add(
            with(
                r,
                Outcome.APPLIED,
                "manual".equals(m.fencedBy())
                    ? "applied to the loss of " + r.node() + " recorded at " + m.fencedAt()
                    : "not needed: " + r.node() + " was fenced by method " + m.fencedBy()));
      } else if (m.state() == MemberState.ONLINE) {
        out.add(
            with(
                r,
                Outcome.REFUSED,
                r.node()
                    + " came back before it was applied; it does not carry over to a later"
                    + " loss"));
      } else {
        out.add(r);
      }
    }
    return out;
  }

  private static AcknowledgementRecord first(
      FenceAcknowledgement ack, MemberState state, Instant now) {
    String seen = now.toString();
    Instant claimed;
    try {
      claimed = Instant.parse(ack.acknowledgedAt());
    } catch (DateTimeParseException | NullPointerException e) {
      return refuse(ack, seen, "acknowledgedAt '" + ack.acknowledgedAt() + "' is not RFC 3339");
    }
    if (claimed.isAfter(now.plus(SKEW))) {
      return refuse(
          ack,
          seen,
          "acknowledgedAt "
              + claimed
              + " is later than the operator's clock ("
              + now
              + "): check the clock of the machine that wrote it, then acknowledge again");
    }
    if (state == null) {
      return refuse(ack, seen, ack.node() + " is not a member of the cluster");
    }
    if (state == MemberState.ONLINE || state == MemberState.FENCED) {
      return refuse(
          ack,
          seen,
          ack.node()
              + " was "
              + (state == MemberState.ONLINE ? "online" : "already fenced")
              + " when the acknowledgement was seen: it applies only to a node already lost");
    }
    return new AcknowledgementRecord(ack.node(), ack.acknowledgedAt(), seen, Outcome.PENDING, null);
  }

  private static AcknowledgementRecord refuse(
      FenceAcknowledgement ack, String seen, String message) {
    return new AcknowledgementRecord(
        ack.node(), ack.acknowledgedAt(), seen, Outcome.REFUSED, message);
  }

  private static AcknowledgementRecord with(
      AcknowledgementRecord r, Outcome outcome, String message) {
    return new AcknowledgementRecord(r.node(), r.acknowledgedAt(), r.seenAt(), outcome, message);
  }

  private static String key(String node, String acknowledgedAt) {
    return node + "\n" + acknowledgedAt;
  }
}
