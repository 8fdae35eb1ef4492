package dev.rgmanager.operator.core;

/** A cluster member as membership last decided: online, and whether it is fenced. */
public record Member(String name, boolean online, boolean fenced) {}
