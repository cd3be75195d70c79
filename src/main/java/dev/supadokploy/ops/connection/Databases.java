package dev.supadokploy.ops.connection;

import dev.supadokploy.config.SecretResolver;
import dev.supadokploy.errors.SupaException;
import dev.supadokploy.ops.Doc;
import dev.supadokploy.ops.OperationContext;
import dev.supadokploy.pg.ConnectionTarget;
import dev.supadokploy.pg.PostgresUrl;

/** The two databases an operation between databases works on (flattened into its inputs). */
public record Databases(
        @Doc(
                value =
                        "Source database: a postgres:// or jdbc:postgresql:// URL (password from PGPASSWORD or sourcePassword, not "
                                + "in the URL), or the name of an instance from config.toml",
                reference = true,
                required = true)
        String source,

        @Doc(
                value = "Target database, the one changed: a URL or an instance name, as for source",
                reference = true,
                required = true)
        String target,

        @Doc(
                value = "Password of the source database (else the instance's database_password or PGPASSWORD)",
                secret = true)
        String sourcePassword,

        @Doc(
                value = "Password of the target database (else the instance's database_password or PGPASSWORD)",
                secret = true)
        String targetPassword) {

    public static Databases of(String source, String target) {
        return new Databases(source, target, null, null);
    }

    public ConnectionTarget resolveSource(OperationContext ctx) {
        return resolve(source, sourcePassword, "source", ctx);
    }

    public ConnectionTarget resolveTarget(OperationContext ctx) {
        return resolve(target, targetPassword, "target", ctx);
    }

    /** The origin names the side, so messages (and the password option a failed login suggests) say which one. */
    private static ConnectionTarget resolve(String value, String password, String side, OperationContext ctx) {
        ConnectionTarget t = ConnectionResolver.resolve(connection(value, password, side), ctx);
        return t.withOrigin(t.origin().startsWith("instance ") ? t.origin() + " (--" + side + ")" : "--" + side);
    }

    /** A URL (or an env:/file: reference holding one) names a server; anything else names an instance. */
    public static ConnectionInput connection(String value, String password, String side) {
        if (value == null || value.isBlank()) {
            throw SupaException.invalidInput(
                    "No " + side + " database given",
                    "Pass --" + side + " with a postgres:// URL or an instance name from config.toml (MCP: \"" + side
                            + "\").");
        }
        String v = value.strip();
        boolean instance = namesInstance(v);
        return new ConnectionInput(instance ? null : v, instance ? v : null, null, null, null, password, null, null);
    }

    /** Whether a --source / --target value names a config.toml instance rather than a URL or a reference holding one. */
    public static boolean namesInstance(String value) {
        String v = value.strip();
        return !(PostgresUrl.looksLikeUrl(v) || SecretResolver.isReference(v) || v.contains("://"));
    }
}
