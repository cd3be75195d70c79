package dev.supadokploy.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code java -jar supa-dokploy.jar mcp} as a real process with a clean environment, spoken to through
 * {@link McpTestClient}. The jar is the shaded one {@code mvn package} builds (failsafe passes its path).
 */
public final class McpProcess implements AutoCloseable {
    private final Process process;
    private final McpTestClient client;
    private final ByteArrayOutputStream stderr = new ByteArrayOutputStream();
    private final long startedNanos;

    private McpProcess(Process process, long startedNanos) {
        this.process = process;
        this.startedNanos = startedNanos;
        this.client = new McpTestClient(process.getOutputStream(), process.getInputStream());
        Thread drain = new Thread(() -> copy(process.getErrorStream()), "mcp-process-stderr");
        drain.setDaemon(true);
        drain.start();
    }

    public static Path jar() {
        String jar = System.getProperty("supadokploy.jar");
        if (jar == null || !Files.isRegularFile(Path.of(jar))) {
            throw new IllegalStateException(
                    "system property supadokploy.jar must name the built jar (run through mvn verify), not " + jar);
        }
        return Path.of(jar);
    }

    /** Starts the server with only {@code env} as its environment, plus {@code args} after "mcp". */
    public static McpProcess start(Map<String, String> env, String... args) {
        ProcessBuilder pb = new ProcessBuilder(command(args));
        pb.environment().clear();
        pb.environment().putAll(env);
        try {
            long t0 = System.nanoTime();
            return new McpProcess(pb.start(), t0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The command line that starts the server: {@code java -jar supa-dokploy.jar mcp [args]} (other clients start it so too). */
    public static List<String> command(String... args) {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", jar().toString(), "mcp"));
        command.addAll(List.of(args));
        return command;
    }

    private void copy(InputStream in) {
        byte[] buf = new byte[8192];
        try {
            int n;
            while ((n = in.read(buf)) >= 0) {
                synchronized (stderr) {
                    stderr.write(buf, 0, n);
                }
            }
        } catch (IOException e) {
            // process gone
        }
    }

    public McpTestClient client() {
        return client;
    }

    public long startedNanos() {
        return startedNanos;
    }

    public String stderr() {
        synchronized (stderr) {
            return stderr.toString(StandardCharsets.UTF_8);
        }
    }

    /** Closes stdin and waits for the exit code. */
    public int finish(Duration timeout) {
        client.closeInput();
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new AssertionError(
                        "the server did not exit within " + timeout + " after stdin closed; stderr:\n" + stderr());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
        client.awaitEof(Duration.ofSeconds(5));
        return process.exitValue();
    }

    /**
     * The end of every process test: closes stdin, asserts exit 0 within 40 s (stderr as the message) and that stdout
     * carried JSON-RPC only, then kills the process if it is still there.
     */
    public void finishCleanly() {
        try {
            assertEquals(0, finish(Duration.ofSeconds(40)), this::stderr);
            assertEquals(List.of(), client.violations(), "stdout carries JSON-RPC only");
        } finally {
            close();
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
        }
    }
}
