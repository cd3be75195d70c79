package dev.supadokploy.ops;

/** Where long operations report progress; the CLI draws a bar, MCP sends notifications/progress. */
public interface Progress {
    Progress NONE = (step, done, total) -> {};

    /** @param total -1 when unknown */
    void report(String step, long done, long total);
}
