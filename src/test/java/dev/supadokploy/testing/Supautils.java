package dev.supadokploy.testing;

/**
 * What supautils (loaded by every supabase/postgres image) lets the stack's non-superuser postgres do and a plain server
 * does not: among its {@code supautils.privileged_role_allowed_configs}, setting {@code session_replication_role}
 * (supabase/supautils, test/sql/privileged_role.sql), which restores and {@code migrate data} use to load without
 * triggers and foreign-key checks. {@link SupabaseUpstream} builds on a plain server, so postgres cannot; PostgreSQL 15+
 * grants the same right natively, for as long as a test needs it.
 */
public final class Supautils {
    private Supautils() {}

    /** A right given for a test, taken back when closed. */
    public interface Grant extends AutoCloseable {
        @Override
        void close();
    }

    public static Grant replicationRole(SupabaseUpstream upstream) {
        upstream.server().execute("postgres", "GRANT SET ON PARAMETER session_replication_role TO " + SupabaseUpstream.LOGIN);
        return () -> upstream.server().execute("postgres", "REVOKE SET ON PARAMETER session_replication_role FROM " + SupabaseUpstream.LOGIN);
    }
}
