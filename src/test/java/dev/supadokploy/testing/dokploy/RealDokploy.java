package dev.supadokploy.testing.dokploy;

import dev.supadokploy.config.Secret;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * The real Dokploy v0.30.2 server of {@code ../shared/dokploy/server/} (no Docker, its own PostgreSQL, an API key made
 * by Dokploy's own sign-up flow), for contract tests. Found in this order:
 * <ol>
 *   <li>a server already running: {@code $DOKPLOY_REAL_HOME/client.env} exists and {@code /api/health} answers — used
 *       as it is and left running;</li>
 *   <li>a prepared server ({@code $DOKPLOY_REAL_HOME/src/.installed}), or {@code DOKPLOY_SRC} pointing at a copy of
 *       github.com/Dokploy/dokploy (then {@code prepare.sh} runs first, which needs the npm registry): started with
 *       {@code start.sh} and stopped with {@code stop.sh} when the last test JVM using it exits (surefire runs
 *       classes in several JVMs at once: file locks in {@code $DOKPLOY_REAL_HOME} keep one JVM from starting it
 *       twice or stopping it under another);</li>
 *   <li>otherwise the calling test is skipped with a message naming what is missing (CI has neither).</li>
 * </ol>
 * {@code -Dsupadokploy.realDokploy=skip} (or {@code SUPADOKPLOY_REAL_DOKPLOY=skip}) skips without looking.
 * Only loopback URLs are accepted: test traffic never leaves the machine.
 */
public final class RealDokploy {
    /** What a test needs to talk to the server; the key is a {@link Secret} so it never reaches a message. */
    public record Server(String url, Secret apiKey, String templatesBaseUrl, boolean startedHere) {}

    public static final String HOME_VARIABLE = "DOKPLOY_REAL_HOME";
    public static final String SOURCE_VARIABLE = "DOKPLOY_SRC";
    public static final String SCRIPTS_VARIABLE = "DOKPLOY_SERVER_SCRIPTS";
    private static final Duration PREPARE_TIMEOUT = Duration.ofMinutes(15);
    private static final Duration START_TIMEOUT = Duration.ofMinutes(6);

    /** Marks a server that a test JVM started: the last test JVM out stops it; one started by hand is left running. */
    private static final String STARTED_BY_TESTS = ".started-by-tests";

    private static Server server;
    /** Held open (with a shared lock) while this JVM may use the server. */
    private static FileChannel users;

    private static String unavailable;
    /** A prepared server that would not start: every later test fails with it too, without a second attempt. */
    private static RuntimeException failure;

    private RealDokploy() {}

    /** The server, starting it once per test JVM when it is prepared but not running; skips the test otherwise. */
    public static synchronized Server require() {
        if (failure != null) {
            throw failure;
        }
        if (server == null && unavailable == null) {
            try {
                server = find();
            } catch (Unavailable e) {
                unavailable = e.getMessage();
            } catch (RuntimeException e) {
                failure = e;
                throw e;
            }
        }
        Assumptions.assumeTrue(server != null, () -> "Real Dokploy v0.30.2 not used: " + unavailable);
        return server;
    }

    private static Server find() {
        String switchValue = System.getProperty("supadokploy.realDokploy", System.getenv("SUPADOKPLOY_REAL_DOKPLOY"));
        if ("skip".equalsIgnoreCase(switchValue)) {
            throw new Unavailable("switched off (supadokploy.realDokploy=skip)");
        }
        Path home = Path.of(envOr(HOME_VARIABLE, "/tmp/dokploy-real"));
        if (!Files.isDirectory(home)
                && (System.getenv(SOURCE_VARIABLE) == null
                        || System.getenv(SOURCE_VARIABLE).isBlank())) {
            throw new Unavailable(
                    "no server home at " + home + " and " + SOURCE_VARIABLE + " unset; set " + SOURCE_VARIABLE
                            + " to a clone or mirror of github.com/Dokploy/dokploy holding tag v0.30.2 (docs/development.md: Contract tests)");
        }
        try {
            Files.createDirectories(home);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // Registered before anything starts: a start that fails half way still gets its half stopped.
        Path scripts = Path.of(envOr(SCRIPTS_VARIABLE, "../shared/dokploy/server"));
        Runtime.getRuntime().addShutdownHook(new Thread(() -> stopIfLast(scripts, home), "real-dokploy-stop"));
        // One JVM at a time finds, starts or stops the server; each JVM using it holds a shared lock until it exits.
        try (FileChannel startLock = FileChannel.open(
                        home.resolve(".start.lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                FileLock ignored = startLock.lock()) {
            Server found = findLocked(home);
            users = FileChannel.open(
                    home.resolve(".users.lock"),
                    StandardOpenOption.CREATE,
                    StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
            users.lock(0, Long.MAX_VALUE, true);
            return found;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Server findLocked(Path home) {
        Path clientEnv = home.resolve("client.env");
        if (Files.isRegularFile(clientEnv)) {
            Server running = read(clientEnv, false);
            if (healthy(running.url())) {
                return running;
            }
        }
        String source = System.getenv(SOURCE_VARIABLE);
        boolean prepared = Files.isRegularFile(home.resolve("src/.installed"));
        if (!prepared && (source == null || source.isBlank())) {
            throw new Unavailable(
                    "no running server (" + clientEnv + " absent or not answering), no prepared server ("
                            + home.resolve("src/.installed") + " absent) and " + SOURCE_VARIABLE + " unset; set "
                            + SOURCE_VARIABLE
                            + " to a clone or mirror of github.com/Dokploy/dokploy holding tag v0.30.2 (docs/development.md: Contract tests)");
        }
        Path scripts = Path.of(envOr(SCRIPTS_VARIABLE, "../shared/dokploy/server"));
        if (!Files.isRegularFile(scripts.resolve("start.sh"))) {
            throw new Unavailable(
                    "the server scripts are not at " + scripts.toAbsolutePath() + " (set " + SCRIPTS_VARIABLE + ")");
        }
        Path log;
        try {
            log = Files.createTempFile("supa-dokploy-real-", ".log");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (!prepared) {
            run(scripts.resolve("prepare.sh"), home, log, PREPARE_TIMEOUT);
        }
        // A server someone else started (slow to answer just now) is not ours to stop.
        boolean ours = !running(home.resolve("run/dokploy.pid"));
        if (ours) {
            // Before start.sh runs, so a half start is stopped too: whichever test JVM leaves last stops it.
            touch(home.resolve(STARTED_BY_TESTS));
        }
        run(scripts.resolve("start.sh"), home, log, START_TIMEOUT);
        Server started = read(clientEnv, ours);
        if (!healthy(started.url())) {
            throw new IllegalStateException("start.sh finished but " + started.url() + " does not answer; log: " + log);
        }
        // The log (owner-only, as createTempFile makes it) holds the key start.sh prints: kept only when something
        // failed.
        log.toFile().deleteOnExit();
        return started;
    }

    private static boolean running(Path pidFile) {
        try {
            return Files.isRegularFile(pidFile)
                    && ProcessHandle.of(Long.parseLong(Files.readString(pidFile).strip()))
                            .map(ProcessHandle::isAlive)
                            .orElse(false);
        } catch (IOException | NumberFormatException e) {
            return false;
        }
    }

    /** At exit: stops a server the tests started when no other test JVM still holds it. */
    private static void stopIfLast(Path scripts, Path home) {
        try (FileChannel startLock = FileChannel.open(
                        home.resolve(".start.lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                FileLock ignored = startLock.lock()) {
            if (users != null) {
                users.close(); // our shared lock goes with the channel
            }
            try (FileChannel all = FileChannel.open(
                            home.resolve(".users.lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                    FileLock alone = all.tryLock()) {
                if (alone != null && Files.deleteIfExists(home.resolve(STARTED_BY_TESTS))) {
                    run(
                            scripts.resolve("stop.sh"),
                            home,
                            Files.createTempFile("supa-dokploy-real-stop-", ".log"),
                            Duration.ofMinutes(1));
                }
            }
        } catch (IOException | RuntimeException e) {
            System.err.println("stopping the real Dokploy failed: " + e.getMessage());
        }
    }

    private static void touch(Path file) {
        try {
            Files.writeString(file, "");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs a script of the server's kit; its output goes to a log file (it holds the key the first time). */
    private static void run(Path script, Path home, Path log, Duration timeout) {
        ProcessBuilder builder = new ProcessBuilder(
                        "bash", script.toAbsolutePath().toString())
                .directory(script.toAbsolutePath().getParent().toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().put(HOME_VARIABLE, home.toAbsolutePath().toString());
        try {
            Process process = builder.start();
            if (!process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
                process.destroy();
                throw new IllegalStateException(
                        script.getFileName() + " did not finish within " + timeout + "; log: " + log);
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException(
                        script.getFileName() + " failed with exit " + process.exitValue() + "; log: " + log);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + script.getFileName(), e);
        }
    }

    private static Server read(Path clientEnv, boolean startedHere) {
        Map<String, String> values = new LinkedHashMap<>();
        try {
            for (String line : Files.readAllLines(clientEnv, StandardCharsets.UTF_8)) {
                int eq = line.indexOf('=');
                if (eq > 0) {
                    values.put(
                            line.substring(0, eq).strip(),
                            line.substring(eq + 1).strip());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (String name : List.of("DOKPLOY_URL", "DOKPLOY_API_KEY")) {
            if (values.getOrDefault(name, "").isEmpty()) {
                throw new Unavailable(clientEnv + " has no " + name);
            }
        }
        String url = requireLoopback(values.get("DOKPLOY_URL"), clientEnv);
        String templates = values.get("DOKPLOY_TEMPLATES_BASE_URL");
        return new Server(
                url,
                Secret.of(values.get("DOKPLOY_API_KEY")),
                templates == null || templates.isEmpty() ? null : requireLoopback(templates, clientEnv),
                startedHere);
    }

    /** Contract tests create projects and deploys: a URL that is not this machine is refused, whatever client.env says. */
    private static String requireLoopback(String url, Path from) {
        try {
            String host = URI.create(url).getHost();
            if (host != null && InetAddress.getByName(host).isLoopbackAddress()) {
                return url;
            }
        } catch (IOException | IllegalArgumentException e) {
            // fall through: not a usable loopback URL
        }
        throw new Unavailable(from + " points at " + url + ", which is not a loopback address; contract tests only run "
                + "against a server on this machine");
    }

    private static boolean healthy(String url) {
        // HTTP/1.1: the JDK's default h2c upgrade request is not answered by Next's dev server
        HttpClient http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(3))
                .build();
        HttpRequest request = HttpRequest.newBuilder(URI.create(url + "/api/health"))
                .timeout(Duration.ofSeconds(60))
                .GET()
                .build();
        try {
            return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static String envOr(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }

    private static final class Unavailable extends RuntimeException {
        Unavailable(String message) {
            super(message, null, false, false);
        }
    }
}
