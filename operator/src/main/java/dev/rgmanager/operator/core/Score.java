package dev.rgmanager.operator.core;

/** How good a node is for a service, rgmanager's ordering: ILLEGAL < GOOD < BETTER < BEST. */
public enum Score {
  ILLEGAL,
  GOOD,
  BETTER,
  BEST;

  public boolean legal() {
    return this != ILLEGAL;
  }
}
