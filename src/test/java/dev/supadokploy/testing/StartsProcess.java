package dev.supadokploy.testing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;

/**
 * A test class that starts the built CLI or MCP server as a process ({@link McpProcess}, or any {@code *IT}, which
 * failsafe runs against the shaded jar). Tagged {@value TestTags#PROCESS} so {@code mvn -Pquick test} can leave it
 * out; {@link TestTagsTest} fails when such a class lacks it, or carries it without starting one.
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@Tag(TestTags.PROCESS)
public @interface StartsProcess {}
