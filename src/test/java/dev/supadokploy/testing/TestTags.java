package dev.supadokploy.testing;

/**
 * The JUnit tags of the test classes that need more than the JVM, given by the annotations {@link NeedsPostgres},
 * {@link NeedsSimulator}, {@link NeedsTerminal} and {@link StartsProcess}. The {@code quick} Maven profile leaves
 * them all out; {@link TestTagsTest} keeps each annotation on exactly the classes that need it.
 */
public final class TestTags {
    public static final String POSTGRES = "postgres";
    public static final String SIMULATOR = "simulator";
    public static final String TERMINAL = "terminal";
    public static final String PROCESS = "process";

    private TestTags() {}
}
