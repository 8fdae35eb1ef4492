package dev.rgmanager.e2e;

/** The fresh namespace a test gets. */
public record TestNamespace(String name) {}
