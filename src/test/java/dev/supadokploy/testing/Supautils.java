package dev.supadokploy.testing;

/**
 * What supautils, loaded by every supabase/postgres image, lets the stack's non-superuser postgres do that a plain server
 * does not: the image names postgres its {@code supautils.privileged_role} and lets it set
 * {@code session_replication_role} ({@code supautils.privileged_role_allowed_configs}; supabase/postgres,
 * ansible/files/postgresql_config/supautils.conf.j2), which restores and {@code migrate data} use to load without
 * triggers and foreign-key checks. {@link SupabaseUpstream} builds on a plain server and gives postgres the same right
 * natively (PostgreSQL 15+); a test of a stack without it takes it away for a while.
 */
public final class Supautils {
    static final String GRANT_REPLICATION_ROLE =
            "GRANT SET ON PARAMETER session_replication_role TO " + SupabaseUpstream.LOGIN;

    private Supautils() {}

    /** A right taken away for a test, given back when closed. */
    public interface Revoked extends AutoCloseable {
        @Override
        void close();
    }

    /** postgres without the right to set session_replication_role, as on a stack without supautils. */
    public static Revoked withoutReplicationRole(SupabaseUpstream upstream) {
        upstream.server()
                .execute("postgres", "REVOKE SET ON PARAMETER session_replication_role FROM " + SupabaseUpstream.LOGIN);
        return () -> upstream.server().execute("postgres", GRANT_REPLICATION_ROLE);
    }
}
