package dev.supadokploy.ops;

import java.time.Duration;

/**
 * How SQL an agent wrote is confined (execute_sql over MCP). The operator at the CLI typed the SQL and gets none of
 * this (Policy.agentSql is null there).
 *
 * @param allowPrivilegedLogin run agent SQL even when the login is a superuser or otherwise privileged
 *                             ({@code mcp --allow-privileged-login}); by default such a login is refused before
 *                             anything runs, because a read-only transaction does not confine a superuser
 *                             ({@code COPY … TO PROGRAM}, {@code RESET ROLE}, dblink …)
 * @param statementTimeout     statement_timeout set in the agent's transaction when the call gives none
 * @param lockTimeout          lock_timeout set in the agent's transaction
 * @param idleInTransactionTimeout idle_in_transaction_session_timeout set in the agent's transaction
 * @param maxResultBytes       the most bytes of row JSON a result carries (0: no cap); a call may ask for less
 */
public record AgentSqlPolicy(
        boolean allowPrivilegedLogin,
        Duration statementTimeout,
        Duration lockTimeout,
        Duration idleInTransactionTimeout,
        long maxResultBytes) {

    public static final Duration DEFAULT_STATEMENT_TIMEOUT = Duration.ofSeconds(30);
    public static final Duration DEFAULT_LOCK_TIMEOUT = Duration.ofSeconds(5);
    public static final Duration DEFAULT_IDLE_IN_TRANSACTION_TIMEOUT = Duration.ofSeconds(60);
    /** 1 MiB of row JSON: a lot of rows to read, still far below what fills an agent's context. */
    public static final long DEFAULT_MAX_RESULT_BYTES = 1L << 20;

    /** The defaults: privileged logins refused, 30 s statements, 5 s lock waits, 60 s idle, 1 MiB results. */
    public static final AgentSqlPolicy DEFAULTS = new AgentSqlPolicy(
            false,
            DEFAULT_STATEMENT_TIMEOUT,
            DEFAULT_LOCK_TIMEOUT,
            DEFAULT_IDLE_IN_TRANSACTION_TIMEOUT,
            DEFAULT_MAX_RESULT_BYTES);

    public AgentSqlPolicy withPrivilegedLogin(boolean allow) {
        return new AgentSqlPolicy(allow, statementTimeout, lockTimeout, idleInTransactionTimeout, maxResultBytes);
    }
}
