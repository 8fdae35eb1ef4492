package dev.rgmanager.fence.ipmi;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The replay window over the BMC's session sequence numbers. */
class InboundSequenceTest {
  private final InboundSequence seen = new InboundSequence();

  @Test
  void zeroIsNeverTaken() {
    assertThat(seen.accept(0)).isFalse();
    assertThat(seen.accept(5)).isTrue();
    assertThat(seen.accept(0)).isFalse();
  }

  @Test
  void theFirstNumberMayBeAnything() {
    assertThat(seen.accept(0xF000_0000)).isTrue();
    assertThat(seen.accept(0xF000_0001)).isTrue();
  }

  @Test
  void aDuplicateIsRefused() {
    assertThat(seen.accept(7)).isTrue();
    assertThat(seen.accept(7)).isFalse();
    assertThat(seen.accept(8)).isTrue();
    assertThat(seen.accept(7)).isFalse();
  }

  @Test
  void aLateNumberInsideTheWindowIsTakenOnce() {
    assertThat(seen.accept(100)).isTrue();
    assertThat(seen.accept(103)).isTrue();
    assertThat(seen.accept(101)).isTrue();
    assertThat(seen.accept(102)).isTrue();
    assertThat(seen.accept(101)).isFalse();
    assertThat(seen.accept(102)).isFalse();
    assertThat(seen.accept(100)).isFalse();
  }

  @Test
  void aNumberFurtherBackThanTheWindowIsRefused() {
    assertThat(seen.accept(1)).isTrue();
    assertThat(seen.accept(1 + InboundSequence.WINDOW + 1)).isTrue();
    assertThat(seen.accept(1 + InboundSequence.WINDOW + 1 - InboundSequence.WINDOW)).isTrue();
    assertThat(seen.accept(1)).isFalse();
  }

  @Test
  void aJumpAheadForgetsWhatFellOutOfTheWindow() {
    assertThat(seen.accept(10)).isTrue();
    assertThat(seen.accept(11)).isTrue();
    assertThat(seen.accept(11 + 40)).isTrue();
    assertThat(seen.accept(11 + 40 - InboundSequence.WINDOW)).isTrue();
    assertThat(seen.accept(11)).isFalse();
  }

  @Test
  void manyThousandsInOrderAreAllTakenAndNoneTwice() {
    for (int n = 1; n <= 5_000; n++) {
      assertThat(seen.accept(n)).as("sequence %d", n).isTrue();
      assertThat(seen.accept(n)).as("sequence %d again", n).isFalse();
      assertThat(seen.accept(n - 1)).isFalse();
    }
  }

  @Test
  void theCountKeepsWorkingPastTwoToTheThirtyTwo() {
    assertThat(seen.accept(0xFFFF_FFFE)).isTrue();
    assertThat(seen.accept(0xFFFF_FFFF)).isTrue();
    // The BMC skips 0 when its count wraps.
    assertThat(seen.accept(1)).isTrue();
    assertThat(seen.accept(2)).isTrue();
    assertThat(seen.accept(0xFFFF_FFFF)).isFalse();
    assertThat(seen.accept(0xFFFF_FFF5)).as("13 behind 2, across the wrap").isTrue();
    assertThat(seen.accept(0xFFFF_FFF0)).as("18 behind 2, across the wrap").isFalse();
    assertThat(seen.accept(3)).isTrue();
  }
}
