package dev.supadokploy.ops.keys;

import dev.supadokploy.errors.SupaException;
import dev.supadokploy.util.DotEnv;
import dev.supadokploy.util.SecureFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Generated values merged into a .env file: each line the file already has stays where it is with its comment
 * and quoting, new variables are appended, and a value the file already holds is kept unless forced — because
 * several (JWT_SECRET, POSTGRES_PASSWORD, VAULT_ENC_KEY) are baked into data at the stack's first start. A Dokploy
 * {@code ${{…}}} reference is kept even when forced: a literal would cut its link to the shared env.
 */
final class EnvFileMerge {
    /** What happens to one variable. */
    enum Action {
        ADDED,
        REPLACED,
        KEPT,
        UNCHANGED
    }

    private final Path path;
    private final boolean exists;
    private final DotEnv doc;
    private final boolean force;
    private final Map<String, Action> actions = new LinkedHashMap<>();

    private EnvFileMerge(Path path, boolean exists, DotEnv doc, boolean force) {
        this.path = path;
        this.exists = exists;
        this.doc = doc;
        this.force = force;
    }

    static EnvFileMerge open(String file, boolean force) {
        Path path = Path.of(file);
        if (Files.isDirectory(path)) {
            throw SupaException.invalidInput(
                    file + " is a directory", "Name the .env file itself, e.g. " + path.resolve(".env") + ".");
        }
        if (!Files.exists(path)) {
            return new EnvFileMerge(path, false, DotEnv.empty(), force);
        }
        try {
            return new EnvFileMerge(path, true, DotEnv.parse(Files.readString(path, StandardCharsets.UTF_8)), force);
        } catch (IOException e) {
            throw SupaException.invalidInput(
                    "Cannot read " + file + ": " + e.getMessage(), "Check the file's permissions for this user.");
        }
    }

    Path path() {
        return path;
    }

    boolean exists() {
        return exists;
    }

    /**
     * The value the file holds for {@code name}, or null when it holds none worth keeping: absent, empty, or an
     * empty JWK set ({@code JWT_KEYS=[]} is how Dokploy's template and Supabase's compose defaults spell "not set").
     */
    String current(String name) {
        String value = doc.get(name).orElse(null);
        if (value == null) {
            return null;
        }
        String compact = value.replaceAll("\\s", "");
        return compact.isEmpty() || compact.equals("[]") || compact.equals("{\"keys\":[]}") ? null : value;
    }

    /** Decides, for each generated value, what the file will get. */
    void plan(Map<String, String> values) {
        actions.clear();
        values.forEach((name, value) -> {
            String current = current(name);
            if (current != null && current.contains("${{")) {
                // a Dokploy ${{…}} reference: its value lives in the project's or environment's env, never overwritten
                actions.put(name, Action.KEPT);
                return;
            }
            actions.put(
                    name,
                    current == null
                            ? Action.ADDED
                            : current.equals(value) ? Action.UNCHANGED : force ? Action.REPLACED : Action.KEPT);
        });
    }

    Action action(String name) {
        return actions.get(name);
    }

    List<String> names(Action action) {
        List<String> names = new ArrayList<>();
        actions.forEach((name, a) -> {
            if (a == action) {
                names.add(name);
            }
        });
        return names;
    }

    /**
     * Sets the added and replaced values and writes the file atomically with mode 0600, after copying the old
     * file beside it when a value it held is about to be replaced.
     *
     * @return the backup, or null when none was needed
     */
    Path apply(Map<String, String> values) {
        Path backup = exists && actions.containsValue(Action.REPLACED) ? SecureFiles.backup(path) : null;
        actions.forEach((name, action) -> {
            if (action == Action.ADDED || action == Action.REPLACED) {
                doc.set(name, values.get(name));
            }
        });
        SecureFiles.writeAtomically(path, doc.write());
        return backup;
    }
}
