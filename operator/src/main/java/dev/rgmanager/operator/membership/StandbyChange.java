package dev.rgmanager.operator.membership;

import dev.rgmanager.operator.membership.MembershipChange.Kind;

/** A member's standby beginning (its node cordoned) or ending (uncordoned), as it is announced. */
final class StandbyChange {
  private StandbyChange() {}

  static MembershipChange of(String name, boolean standby) {
    return standby
        ? new MembershipChange(
            Kind.STANDBY,
            name,
            name + " is in standby (cordoned): its services move to other members")
        : new MembershipChange(
            Kind.STANDBY_ENDED,
            name,
            name + " left standby (uncordoned): services may start and fail back there");
  }
}
