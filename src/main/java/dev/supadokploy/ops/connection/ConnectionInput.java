package dev.supadokploy.ops.connection;

import dev.supadokploy.ops.Doc;

/**
 * How a caller names a database, shared by every database operation. Flattened into the MCP tool
 * arguments; the CLI's {@code ConnectionOptions} mixin fills it. Precedence: connectionString, then
 * instance, then host/port/user/database, then {@code SUPA_DOKPLOY_DATABASE_URL}.
 */
public record ConnectionInput(
        @Doc(value = "PostgreSQL URL: postgres://user@host:5432/db or jdbc:postgresql://…", reference = true)
        String connectionString,

        @Doc(
                "Name of an instance from config.toml ([instances.NAME]); its credentials stay on the server and, for an agent, "
                        + "are used only when host, port, user and database are left as the instance has them")
        String instance,

        @Doc("Database host") String host,

        @Doc("Database port (5432; Supavisor transaction mode 6543)")
        Integer port,

        @Doc("Database user (through Supavisor: postgres.<POOLER_TENANT_ID>)")
        String user,

        @Doc(value = "Database password (prefer 'instance', whose credentials stay on the server)", secret = true)
        String password,

        @Doc("Database name (Supabase: postgres)") String database,

        @Doc("TLS mode: disable, allow, prefer, require, verify-ca, verify-full")
        String sslMode) {

    public static ConnectionInput none() {
        return new ConnectionInput(null, null, null, null, null, null, null, null);
    }

    public static ConnectionInput url(String url) {
        return new ConnectionInput(url, null, null, null, null, null, null, null);
    }

    public static ConnectionInput instance(String name) {
        return new ConnectionInput(null, name, null, null, null, null, null, null);
    }
}
