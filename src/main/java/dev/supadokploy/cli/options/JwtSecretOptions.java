package dev.supadokploy.cli.options;

import dev.supadokploy.config.SecretResolver;
import dev.supadokploy.errors.SupaException;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * {@code --jwt-secret REF} / {@code --jwt-secret-file FILE}, shared by the keys commands. The option takes a
 * reference, never the secret: argv is visible to every user of the host and lands in shell history, so a
 * literal is refused rather than used.
 */
public final class JwtSecretOptions {
    @Option(
            names = "--jwt-secret",
            paramLabel = "REF",
            description = "The JWT secret as a reference: env:NAME, file:PATH or - (stdin). Never the secret itself.")
    String reference;

    @Option(
            names = "--jwt-secret-file",
            paramLabel = "FILE",
            description = "File holding the JWT secret (same as --jwt-secret file:FILE).")
    Path file;

    /** The operation's jwtSecret input: a reference the operation resolves, or null. */
    public String toInput() {
        if (reference != null && file != null) {
            throw SupaException.invalidInput(
                    "Give the JWT secret once: --jwt-secret or --jwt-secret-file", "Drop one of the two options.");
        }
        if (file != null) {
            return "file:" + file;
        }
        if (reference != null && !SecretResolver.isReference(reference)) {
            throw SupaException.invalidInput(
                    "--jwt-secret takes a reference to the secret, not the secret itself: the command "
                            + "line is visible to every user of this host (ps, /proc) and is kept in shell history",
                    "Use --jwt-secret env:JWT_SECRET, --jwt-secret file:PATH, --jwt-secret - (stdin) or --jwt-secret-file PATH. "
                            + "If that was a real secret, treat it as exposed.");
        }
        return reference;
    }

    public boolean readsStdin() {
        return "-".equals(reference);
    }
}
