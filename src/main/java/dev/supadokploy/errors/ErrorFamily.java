package dev.supadokploy.errors;

/**
 * Families of error codes and the process exit code each maps to. The exit codes are part of the
 * public contract (README "Exit codes"): scripts branch on them, so never renumber.
 */
public enum ErrorFamily {
    /** An unexpected failure: a bug or an environment problem with no better code. */
    INTERNAL(1),
    CONNECTION(3),
    DOKPLOY(4),
    VALIDATION(5),
    CONFIGURATION(6),
    /** A statement the server ran and rejected (syntax, permission, read-only, timeout). */
    QUERY(7),
    INTEGRITY(8),
    BACKUP(9),
    MIGRATION(10);

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

    ErrorFamily(int exitCode) {
        this.exitCode = exitCode;
    }

    public int exitCode() {
        return exitCode;
    }
}
