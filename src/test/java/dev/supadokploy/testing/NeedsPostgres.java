package dev.supadokploy.testing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;

/**
 * A test class that needs a real PostgreSQL ({@link TestPostgres#get()} or {@link TestPostgres#pg15()}, itself or
 * through a helper). Tagged {@value TestTags#POSTGRES} so {@code mvn -Pquick test} can leave it out; {@link
 * TestTagsTest} fails when a class that reaches TestPostgres lacks it, or carries it without reaching it.
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@Tag(TestTags.POSTGRES)
public @interface NeedsPostgres {}
