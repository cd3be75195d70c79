package dev.supadokploy.testing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;

/**
 * A test class that runs the Dokploy simulator (a {@code @Simulated} field, {@code DokploySimulator.start}, itself or
 * through a helper). Tagged {@value TestTags#SIMULATOR} so {@code mvn -Pquick test} can leave it out; {@link
 * TestTagsTest} fails when a class that starts the simulator lacks it, or carries it without starting it.
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@Tag(TestTags.SIMULATOR)
public @interface NeedsSimulator {}
