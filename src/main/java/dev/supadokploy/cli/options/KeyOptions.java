package dev.supadokploy.cli.options;

import dev.supadokploy.config.SecretResolver;
import dev.supadokploy.errors.SupaException;
import java.nio.file.Path;

/**
 * The archive key as a reference ({@code env:NAME}, {@code file:PATH}, {@code -}) or a key file: never the passphrase
 * itself on argv, which every user of the host can read.
 */
public final class KeyOptions {
    private KeyOptions() {}

    public static String toInput(String option, String reference, Path file) {
        if (reference != null && file != null) {
            throw SupaException.invalidInput(
                    "Give the key once: " + option + " or " + option + "-file", "Drop one of the two options.");
        }
        if (file != null) {
            return "file:" + file;
        }
        if (reference != null && !SecretResolver.isReference(reference)) {
            throw SupaException.invalidInput(
                    option + " takes a reference to the key, not the key itself: the command line is "
                            + "visible to every user of this host (ps, /proc) and is kept in shell history",
                    "Use " + option + " env:NAME, " + option + " file:PATH, " + option + " - (stdin) or " + option
                            + "-file PATH. " + "If that was a real passphrase, treat it as exposed.");
        }
        return reference;
    }
}
