package dev.supadokploy.errors;

/**
 * Families of error codes and the process exit code each maps to. The exit codes are part of the
 * public contract (docs/output-and-exit-codes.md): scripts branch on them, so never renumber.
 */
public enum ErrorFamily {
    /** An unexpected failure: a bug or an environment problem with no better code. */
    INTERNAL(1, "failed", "unexpected failure: run with `--verbose` and report it"),
    CONNECTION(3, "connection", "cannot reach or log in to a database"),
    DOKPLOY(4, "Dokploy", "the Dokploy API refused or failed, or a deploy or stack it ran did"),
    VALIDATION(
            5,
            "validation",
            "the input is wrong, or a confirmation is required (`--yes`); `keys inspect`: a key has a "
                    + "problem; `validate config`: an error-severity finding remains"),
    CONFIGURATION(6, "configuration", "config file missing or invalid, unknown instance, unresolved secret reference"),
    /** A statement the server ran and rejected (syntax, permission, read-only, timeout). */
    QUERY(7, "query", "the server rejected a statement (syntax, permission, read-only, role, timeout)"),
    INTEGRITY(8, "integrity", "checksums or counts do not match"),
    BACKUP(
            9,
            "backup",
            "a backup is unreadable, truncated, tampered with or needs another key; a restore was refused "
                    + "or rolled back"),
    MIGRATION(10, "migration", "a migration step failed");

    /** Exit code for success. */
    public static final int OK = 0;
    /** Exit code for a command line picocli could not parse (unknown option, missing argument). */
    public static final int USAGE = 2;
    /**
     * 11 and 12 are taken by {@code monitor health} for a degraded and a down stack, 13 by {@code migrate data} for
     * rows whose foreign keys point at rows the target lacks (verdicts, not failures of the tool): a new family must
     * not use them.
     */
    public static final int STACK_DEGRADED = 11;

    public static final int STACK_DOWN = 12;
    public static final int DANGLING_REFERENCES = 13;
    /** Exit code when stdout's reader went away (… | head), as shells report a process killed by SIGPIPE. */
    public static final int BROKEN_PIPE = 141;
    /** Exit code when the operator interrupted the run (Ctrl-C), as shells do for SIGINT. */
    public static final int INTERRUPTED = 130;

    private final int exitCode;
    private final String label;
    private final String meaning;

    /**
     * @param label   one word for the root {@code --help} footer
     * @param meaning what the exit code tells a script (docs/output-and-exit-codes.md, generated from it)
     */
    ErrorFamily(int exitCode, String label, String meaning) {
        this.exitCode = exitCode;
        this.label = label;
        this.meaning = meaning;
    }

    public String label() {
        return label;
    }

    public String meaning() {
        return meaning;
    }

    public int exitCode() {
        return exitCode;
    }
}
