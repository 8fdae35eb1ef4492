package dev.rgmanager.operator.membership;

/** A member as configured: its votes and whether any fence method is configured for it. */
public record MemberConfig(String name, int votes, boolean hasFenceMethods) {}
