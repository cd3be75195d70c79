package dev.supadokploy.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code .env} fixtures in {@code src/test/resources/fixtures/env/} (described in the README there), read
 * from the classpath so tests work when {@code ../shared/} is absent.
 */
public final class EnvFixtures {
    public static final String DOKPLOY_CURRENT = "dokploy-current.env";
    public static final String DOKPLOY_V0_25_5 = "dokploy-v0.25.5.env";
    public static final String DOKPLOY_HARDCODED_2025 = "dokploy-hardcoded-2025.env";
    public static final String SUPABASE_EXAMPLE = "supabase-example.env";
    public static final String HEALTHY = "healthy.env";

    private EnvFixtures() {}

    /** The fixture's text exactly as committed (Dokploy's env strings have no trailing newline). */
    public static String read(String name) {
        String resource = "fixtures/env/" + name;
        try (InputStream in = EnvFixtures.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("no env fixture on the classpath: " + resource);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes the fixture into {@code dir} under its own name, for commands that take a file path. */
    public static Path copyTo(Path dir, String name) {
        Path target = dir.resolve(name);
        try {
            Files.createDirectories(dir);
            return Files.writeString(target, read(name), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * KEY → raw value of each assignment line, in file order, for assertions about the fixtures themselves.
     * Deliberately naive (no quotes, escapes or {@code export}): the product's dotenv parser is what is under test
     * elsewhere, and a fixture fact should not depend on it.
     */
    public static Map<String, String> values(String name) {
        return parse(read(name));
    }

    public static Map<String, String> parse(String envText) {
        Map<String, String> values = new LinkedHashMap<>();
        for (String line : envText.split("\n", -1)) {
            int eq = line.indexOf('=');
            if (line.isBlank() || line.startsWith("#") || eq <= 0) {
                continue;
            }
            values.put(line.substring(0, eq), line.substring(eq + 1));
        }
        return values;
    }
}
