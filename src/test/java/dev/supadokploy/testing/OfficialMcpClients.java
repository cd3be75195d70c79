package dev.supadokploy.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * The official MCP clients agents' hosts use — the TypeScript SDK's {@code Client} and the MCP Inspector CLI — at the
 * versions pinned in src/test/node/package-lock.json, installed once with {@code npm ci} into
 * target/official-mcp-clients (again only when the lock file changes). Without node and npm, or when the install fails
 * (offline, no registry), the tests that need them are skipped with the reason; .ci/run installs node and npm.
 */
public final class OfficialMcpClients {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path SOURCES = Path.of("src", "test", "node");
    private static final List<String> FILES =
            List.of("package.json", "package-lock.json", "official-client.mjs", "sdk-v2-client.mjs");
    private static final Duration INSTALL_TIMEOUT = Duration.ofMinutes(5);
    private static final Duration RUN_TIMEOUT = Duration.ofMinutes(10);
    private static OfficialMcpClients installed;
    private static String skipReason;

    private final Path dir;

    private OfficialMcpClients(Path dir) {
        this.dir = dir;
    }

    /** One outcome of a process: exit code and both streams. */
    public record Run(int exitCode, String stdout, String stderr) {
        @Override
        public String toString() {
            return "exit " + exitCode + "\nstdout:\n" + stdout + "\nstderr:\n" + stderr;
        }
    }

    /** A tools/call for the SDK driver; label names it in the output and in messages. */
    public record Call(String label, String name, Map<String, ?> arguments) {}

    /** The clients, installed; skips the calling test (JUnit assumption) when they cannot be. */
    public static synchronized OfficialMcpClients get() {
        if (installed == null && skipReason == null) {
            try {
                installed = install(McpProcess.jar().getParent().resolve("official-mcp-clients"));
            } catch (SkipException e) {
                skipReason = e.getMessage();
            }
        }
        Assumptions.assumeTrue(installed != null, () -> "official MCP clients unavailable, skipped: " + skipReason);
        return installed;
    }

    private static final class SkipException extends Exception {
        SkipException(String message) {
            super(message);
        }
    }

    private static OfficialMcpClients install(Path dir) throws SkipException {
        for (String tool : List.of("node", "npm")) {
            Run version = tryRun(List.of(tool, "--version"), Map.of(), null, Duration.ofSeconds(30));
            if (version == null || version.exitCode() != 0) {
                throw new SkipException(tool + " is not installed (apt-get install nodejs npm; .ci/run does it)");
            }
        }
        try {
            Files.createDirectories(dir);
            for (String file : FILES) {
                Files.copy(SOURCES.resolve(file), dir.resolve(file), StandardCopyOption.REPLACE_EXISTING);
            }
            String lock = sha256(Files.readAllBytes(dir.resolve("package-lock.json")));
            Path stamp = dir.resolve("node_modules").resolve(".supa-dokploy-lock-sha256");
            if (Files.isRegularFile(stamp) && Files.readString(stamp).equals(lock)) {
                return new OfficialMcpClients(dir);
            }
            Run ci = tryRun(List.of("npm", "ci", "--no-audit", "--no-fund"), Map.of(), dir, INSTALL_TIMEOUT);
            if (ci == null || ci.exitCode() != 0) {
                throw new SkipException("npm ci in " + dir + " failed (offline?): " + ci);
            }
            Files.writeString(stamp, lock);
            return new OfficialMcpClients(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Runs the SDK driver (official-client.mjs): starts {@code command} with {@code env} through the SDK's
     * StdioClientTransport, lists the tools and makes the calls. Returns {tools, calls: [{label, name, outcome, result |
     * error}]}; fails the test if the driver itself fails.
     */
    public JsonNode sdk(List<String> command, Map<String, String> env, List<Call> calls) {
        return driver("official-client.mjs", command, env, calls, Map.of());
    }

    /**
     * Runs the SDK v2 driver (sdk-v2-client.mjs, @modelcontextprotocol/client, which speaks MCP 2026-07-28) as {@link
     * #sdk} runs v1, the client negotiating the revision by {@code negotiation}: "auto" (server/discover first,
     * falling back to initialize), "legacy" (initialize only) or a revision to pin. Returns {version, era, tools,
     * calls}.
     */
    public JsonNode sdkV2(String negotiation, List<String> command, Map<String, String> env, List<Call> calls) {
        return driver("sdk-v2-client.mjs", command, env, calls, Map.of("negotiation", negotiation));
    }

    private JsonNode driver(
            String script, List<String> command, Map<String, String> env, List<Call> calls, Map<String, ?> options) {
        Map<String, Object> spec = new LinkedHashMap<>(options);
        spec.put("command", command.get(0));
        spec.put("args", command.subList(1, command.size()));
        spec.put("env", env);
        spec.put("calls", calls);
        try {
            Path file = Files.createTempFile(dir, "spec-", ".json");
            Files.writeString(file, JSON.writeValueAsString(spec));
            Run run = run(List.of("node", dir.resolve(script).toString(), file.toString()), Map.of(), dir);
            Files.delete(file);
            assertEquals(0, run.exitCode(), run::toString);
            return JSON.readTree(run.stdout());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Runs the Inspector CLI ({@code mcp-inspector-cli --cli <server> <options>}) against {@code command} with
     * {@code env} as the server's environment. The Inspector passes its own environment to the server and parses
     * options after the server's command as its own, so the server is started through a script that holds its
     * command line.
     */
    public Run inspector(List<String> command, Map<String, String> env, String... options) {
        try {
            Path script = dir.resolve("mcp-server.sh");
            StringBuilder line = new StringBuilder("#!/bin/sh\nexec");
            for (String arg : command) {
                line.append(" '").append(arg.replace("'", "'\\''")).append('\'');
            }
            Files.writeString(script, line.append('\n').toString());
            Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
            List<String> cli = new ArrayList<>(List.of(
                    "node",
                    dir.resolve("node_modules/@modelcontextprotocol/inspector-cli/build/cli.js")
                            .toString(),
                    "--cli",
                    script.toString()));
            cli.addAll(List.of(options));
            // The Inspector finds its own package.json by testing "../package.json" against the working directory and
            // then importing it relative to its module: it works from a directory one level below one with a
            // package.json.
            return run(cli, env, Files.createDirectories(dir.resolve("inspector-cwd")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Run run(List<String> command, Map<String, String> env, Path workDir) {
        Run run = tryRun(command, env, workDir, RUN_TIMEOUT);
        if (run == null) {
            throw new AssertionError("cannot start " + command);
        }
        return run;
    }

    /** The process's outcome, or null when it cannot be started. {@code env} adds to PATH, the only variable kept. */
    private static Run tryRun(List<String> command, Map<String, String> env, Path workDir, Duration timeout) {
        ProcessBuilder pb = new ProcessBuilder(command);
        String path = System.getenv("PATH");
        pb.environment().clear();
        pb.environment().put("PATH", path == null ? "/usr/local/bin:/usr/bin:/bin" : path);
        pb.environment().put("HOME", System.getProperty("user.home"));
        pb.environment().putAll(env);
        if (workDir != null) {
            pb.directory(workDir.toFile());
        }
        try {
            Path out = Files.createTempFile("official-mcp-client-", ".out");
            Path err = Files.createTempFile("official-mcp-client-", ".err");
            try {
                Process p = pb.redirectOutput(out.toFile())
                        .redirectError(err.toFile())
                        .start();
                if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    p.descendants().forEach(ProcessHandle::destroyForcibly);
                    p.destroyForcibly();
                    throw new AssertionError(
                            command + " did not end within " + timeout + "; stderr:\n" + Files.readString(err));
                }
                return new Run(
                        p.exitValue(),
                        Files.readString(out, StandardCharsets.UTF_8),
                        Files.readString(err, StandardCharsets.UTF_8));
            } finally {
                Files.deleteIfExists(out);
                Files.deleteIfExists(err);
            }
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
