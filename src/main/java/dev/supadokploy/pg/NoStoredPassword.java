package dev.supadokploy.pg;

import org.postgresql.plugin.AuthenticationPlugin;
import org.postgresql.plugin.AuthenticationRequestType;

/**
 * The password source for an endpoint an agent named without a password: none. pgjdbc otherwise completes a missing
 * password from this machine's ~/.pgpass (or PGPASSFILE), whose wildcard lines would hand the operator's password to
 * any host. With this plugin a server that asks for a password gets nothing and pgjdbc reports "no password was
 * provided", which {@link PgErrors} turns into CONNECTION_PASSWORD_REQUIRED.
 */
public final class NoStoredPassword implements AuthenticationPlugin {
    @Override
    public char[] getPassword(AuthenticationRequestType type) {
        return null;
    }
}
