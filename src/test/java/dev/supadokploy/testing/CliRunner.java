package dev.supadokploy.testing;

import com.fasterxml.jackson.databind.JsonNode;
import dev.supadokploy.Cli;
import dev.supadokploy.cli.CliEnvironment;
import dev.supadokploy.util.Json;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * Runs the real CLI in-process with its own streams and environment (no terminal), the way a script
 * would see it. Process-level behaviour is covered by the *IT tests against the built jar.
 */
public final class CliRunner {
    private final Map<String, String> env = new HashMap<>();
    private String stdin = "";

    public CliRunner() {
        // A config location that exists nowhere, so a developer's own config.toml never leaks into tests.
        env.put("XDG_CONFIG_HOME", "/nonexistent-supa-dokploy-test-config");
        env.put("HOME", "/nonexistent-supa-dokploy-test-home");
    }

    /** A runner that logs in to the test server: its admin password in PGPASSWORD, when it has one. */
    public static CliRunner forServer(TestPostgres pg) {
        CliRunner r = new CliRunner();
        return pg.adminPassword() == null ? r : r.env("PGPASSWORD", pg.adminPassword());
    }

    public CliRunner env(String name, String value) {
        env.put(name, value);
        return this;
    }

    public CliRunner stdin(String text) {
        this.stdin = text;
        return this;
    }

    public Result run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        CliEnvironment environment = new CliEnvironment(
                new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8),
                Map.copyOf(env),
                false,
                false);
        int code = Cli.run(args, environment);
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    public record Result(int exitCode, String stdout, String stderr) {
        public JsonNode json() {
            try {
                return Json.MAPPER.readTree(stdout);
            } catch (Exception e) {
                throw new AssertionError("stdout is not one JSON document: " + stdout + "\nstderr: " + stderr, e);
            }
        }

        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- stdout\n" + stdout + "\n--- stderr\n" + stderr;
        }
    }
}
