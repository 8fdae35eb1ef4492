package dev.rgmanager.fence.ipmi;

/**
 * The BMC's session sequence numbers seen in one session (IPMI v2.0 sections 6.12.13-6.12.14): a
 * number is taken once, and only if it is newer than the highest seen or at most {@link #WINDOW}
 * behind it, so a replayed genuine packet is refused while a merely reordered one is not.
 */
final class InboundSequence {
  static final int WINDOW = 16;

  private boolean any;
  private int highest;

  /** Bit i set: the number {@code highest - 1 - i} has been seen. */
  private long behind;

  /** Records {@code sequence} and says whether it may be taken; 0 never may in a session. */
  boolean accept(int sequence) {
    if (sequence == 0) {
      return false;
    }
    if (!any) {
      any = true;
      highest = sequence;
      return true;
    }
    // Differences, not plain comparisons, so the count keeps working when it wraps past 2^32.
    int ahead = sequence - highest;
    if (ahead > 0) {
      behind = ahead > WINDOW ? 0 : (behind << ahead | 1L << (ahead - 1)) & mask();
      highest = sequence;
      return true;
    }
    int back = -ahead;
    if (back <= 0 || back > WINDOW) {
      return false;
    }
    long bit = 1L << (back - 1);
    if ((behind & bit) != 0) {
      return false;
    }
    behind |= bit;
    return true;
  }

  private static long mask() {
    return (1L << WINDOW) - 1;
  }
}
