package dev.supadokploy.testing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;

/**
 * A test class that drives a real terminal ({@link TmuxTerminal#start}: tmux, zsh, fish). Tagged {@value
 * TestTags#TERMINAL} so {@code mvn -Pquick test} can leave it out; {@link TestTagsTest} fails when a class that starts
 * a terminal lacks it, or carries it without starting one.
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@Tag(TestTags.TERMINAL)
public @interface NeedsTerminal {}
