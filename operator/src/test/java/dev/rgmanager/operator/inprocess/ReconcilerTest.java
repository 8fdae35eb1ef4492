package dev.rgmanager.operator.inprocess;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A test class of the reconciler layer: its tests get a {@link LiveCluster} (a real API server, the
 * reconcilers in this JVM); see {@link ReconcilerHarness}.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(ReconcilerHarness.class)
@Tag("reconciler")
public @interface ReconcilerTest {}
