package dev.supadokploy.ops;

/**
 * What the caller allows. The CLI allows writes (the operator typed the SQL); the MCP server allows them
 * only when started with {@code --allow-writes}, so an agent's SQL runs read-only by default.
 *
 * @param allowWrites        SQL may change data
 * @param assumeYes          confirmations are answered yes ({@code --yes}, or an MCP confirm argument)
 * @param interactive        a person is at a terminal who can be asked
 * @param ambientCredentials credentials from the process environment (PGPASSWORD) may be sent to an
 *                           endpoint the caller named. True for an operator at the CLI; false for an agent,
 *                           which must not be able to send the server's password to a host of its choosing
 * @param revealSecrets      results may carry secret values (generated keys, passwords) when the call does not
 *                           say otherwise. True at the CLI, where printing them is the point; false over MCP, where a
 *                           result lands in an agent's context and transcripts, so secrets are redacted unless the call
 *                           asks for them
 * @param agentSql           how SQL an agent wrote is confined (login check, timeouts, byte cap); null for the
 *                           operator at the CLI, who typed the SQL
 */
public record Policy(
        boolean allowWrites,
        boolean assumeYes,
        boolean interactive,
        boolean ambientCredentials,
        boolean revealSecrets,
        AgentSqlPolicy agentSql) {

    public Policy(
            boolean allowWrites,
            boolean assumeYes,
            boolean interactive,
            boolean ambientCredentials,
            boolean revealSecrets) {
        this(allowWrites, assumeYes, interactive, ambientCredentials, revealSecrets, null);
    }

    public Policy(boolean allowWrites, boolean assumeYes, boolean interactive, boolean ambientCredentials) {
        this(allowWrites, assumeYes, interactive, ambientCredentials, true);
    }

    public Policy(boolean allowWrites, boolean assumeYes, boolean interactive) {
        this(allowWrites, assumeYes, interactive, true, true);
    }
}
