package dev.supadokploy.config;

import dev.supadokploy.errors.ErrorCode;
import dev.supadokploy.errors.SupaException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Resolves secret references wherever a secret may be given: {@code env:NAME}, {@code file:PATH},
 * {@code -} (standard input, read once) or a literal value. Keeps secrets off argv: a flag carries the
 * reference, never the value.
 */
public final class SecretResolver {
    private final Map<String, String> env;
    private final Supplier<InputStream> stdin;
    private final Consumer<String> warnings;
    private String stdinValue;

    public SecretResolver(Map<String, String> env, Supplier<InputStream> stdin, Consumer<String> warnings) {
        this.env = env;
        this.stdin = stdin;
        this.warnings = warnings;
    }

    public static boolean isReference(String value) {
        return value != null && (value.startsWith("env:") || value.startsWith("file:") || value.equals("-"));
    }

    /** Resolves a reference or returns a literal as is; {@code what} names the secret in errors. */
    public Secret resolve(String reference, String what) {
        if (reference == null) {
            return null;
        }
        if (reference.startsWith("env:")) {
            String name = reference.substring(4);
            String value = env.get(name);
            if (value == null) {
                throw new SupaException(
                        ErrorCode.CONFIGURATION_SECRET_UNRESOLVED,
                        what + " refers to environment variable " + name + ", which is not set",
                        "Export " + name + " before running, or point " + what + " at a file with file:PATH.");
            }
            return Secret.of(value);
        }
        if (reference.startsWith("file:")) {
            return Secret.of(readFile(Path.of(expandHome(reference.substring(5))), what));
        }
        if (reference.equals("-")) {
            return Secret.of(readStdin(what));
        }
        return Secret.of(reference);
    }

    /** Reads a secret file: trailing newline dropped, a warning when others can read it. */
    public Secret readFileSecret(Path path, String what) {
        return Secret.of(readFile(path, what));
    }

    private String readFile(Path path, String what) {
        try {
            warnIfReadableByOthers(path, what);
            return stripTrailingNewline(Files.readString(path, StandardCharsets.UTF_8));
        } catch (NoSuchFileException e) {
            throw new SupaException(
                    ErrorCode.CONFIGURATION_SECRET_UNRESOLVED,
                    what + " file " + path + " does not exist",
                    "Create it with mode 0600 (umask 077; printf %s \"$VALUE\" > " + path + ") or fix the path.");
        } catch (IOException e) {
            throw new SupaException(
                    ErrorCode.CONFIGURATION_SECRET_UNRESOLVED,
                    "Cannot read " + what + " file " + path + ": " + e.getMessage(),
                    "Check the file's permissions for the current user.",
                    e);
        }
    }

    private void warnIfReadableByOthers(Path path, String what) {
        try {
            Set<PosixFilePermission> perms = Files.getPosixFilePermissions(path);
            if (perms.contains(PosixFilePermission.OTHERS_READ) || perms.contains(PosixFilePermission.GROUP_READ)) {
                warnings.accept(what + " file " + path + " is readable by other users; run: chmod 600 " + path);
            }
        } catch (UnsupportedOperationException | IOException ignored) {
            // Not a POSIX file system: nothing to check.
        }
    }

    private synchronized String readStdin(String what) {
        if (stdinValue == null) {
            try {
                stdinValue = stripTrailingNewline(new String(stdin.get().readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new SupaException(
                        ErrorCode.CONFIGURATION_SECRET_UNRESOLVED,
                        "Cannot read " + what + " from standard input: " + e.getMessage(),
                        "Pipe the value in, e.g. printf %s \"$VALUE\" | supa-dokploy …",
                        e);
            }
        }
        return stdinValue;
    }

    static String stripTrailingNewline(String s) {
        int end = s.length();
        while (end > 0 && (s.charAt(end - 1) == '\n' || s.charAt(end - 1) == '\r')) {
            end--;
        }
        return s.substring(0, end);
    }

    static String expandHome(String path) {
        if (path.startsWith("~/")) {
            return System.getProperty("user.home") + path.substring(1);
        }
        return path;
    }
}
