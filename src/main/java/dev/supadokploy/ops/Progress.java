package dev.supadokploy.ops;

/** Where long operations report progress; the CLI draws a bar, MCP sends notifications/progress. */
public interface Progress {
    Progress NONE = (step, done, total) -> {};

    /** @param total -1 when unknown */
    void report(String step, long done, long total);

    /**
     * A finished piece of work worth a line of its own (a table copied); the CLI prints it when stderr is not a
     * terminal, where a bar cannot be drawn. Ignored by default.
     */
    default void milestone(String line) {}
}
