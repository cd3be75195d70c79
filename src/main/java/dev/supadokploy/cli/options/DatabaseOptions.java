package dev.supadokploy.cli.options;

import dev.supadokploy.ops.connection.Databases;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** --source / --target and their password files, shared by the commands that work between two databases. */
public final class DatabaseOptions {
    @Option(
            names = {"-s", "--source", "--from"},
            required = true,
            paramLabel = "URL|INSTANCE",
            description =
                    "Source database: postgres:// URL without the password (env:NAME / file:PATH holding one), or an instance from config.toml.")
    String source;

    @Option(
            names = {"-t", "--target", "--to"},
            required = true,
            paramLabel = "URL|INSTANCE",
            description = "Target database, the one changed: URL or instance, as for --source.")
    String target;

    @Option(
            names = "--source-password-file",
            paramLabel = "FILE",
            description = "File holding the source's password (else the instance's database_password, or PGPASSWORD).")
    Path sourcePasswordFile;

    @Option(
            names = "--target-password-file",
            paramLabel = "FILE",
            description = "File holding the target's password (else the instance's database_password, or PGPASSWORD).")
    Path targetPasswordFile;

    public Databases toInput() {
        return new Databases(source, target, file(sourcePasswordFile), file(targetPasswordFile));
    }

    private static String file(Path path) {
        return path == null ? null : "file:" + path;
    }
}
