package dev.supadokploy.cli.options;

import dev.supadokploy.cli.CliSession;
import dev.supadokploy.ops.connection.ConnectionInput;
import dev.supadokploy.pg.PostgresUrl;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * Database connection options shared by every database command. There is deliberately no
 * {@code --password}: argv is visible to every user of the host. The password comes from the URL's
 * reference, PGPASSWORD, {@code --password-file}, the instance's configuration, or a prompt.
 */
public final class ConnectionOptions {
    @Option(
            names = {"--connection", "--connection-string"},
            paramLabel = "URL",
            description =
                    "postgres:// or jdbc:postgresql:// URL, or env:NAME / file:PATH holding one (default: $SUPA_DOKPLOY_DATABASE_URL).")
    String connectionString;

    @Option(
            names = {"-i", "--instance"},
            paramLabel = "NAME",
            description = "Instance from config.toml.")
    String instance;

    @Option(names = "--host", paramLabel = "HOST")
    String host;

    @Option(
            names = {"-p", "--port"},
            paramLabel = "PORT")
    Integer port;

    @Option(
            names = {"-U", "--user"},
            paramLabel = "USER")
    String user;

    @Option(
            names = {"-d", "--dbname", "--database"},
            paramLabel = "DB")
    String database;

    @Option(
            names = "--password-file",
            paramLabel = "FILE",
            description = "File holding the password (else PGPASSWORD, the instance's database_password, or a prompt).")
    Path passwordFile;

    @Option(
            names = {"--sslmode", "--ssl-mode"},
            paramLabel = "MODE")
    String sslMode;

    /** A positional URL (as in {@code db connect postgres://…}) stands for --connection. */
    public void useUrl(String url) {
        if (url != null) {
            connectionString = url;
        }
    }

    public ConnectionInput toInput(CliSession session) {
        if (connectionString != null && PostgresUrl.looksLikeUrl(connectionString) && hasPassword(connectionString)) {
            session.warn("the password in --connection is visible to other users of this host (ps); "
                    + "use --connection env:NAME, PGPASSWORD or --password-file instead");
        }
        return new ConnectionInput(
                connectionString,
                instance,
                host,
                port,
                user,
                passwordFile == null ? null : "file:" + passwordFile,
                database,
                sslMode);
    }

    private static boolean hasPassword(String url) {
        String rest = url.substring(url.indexOf("://") + 3);
        int at = rest.lastIndexOf('@');
        return at > 0 && rest.substring(0, at).contains(":") || url.contains("password=");
    }
}
