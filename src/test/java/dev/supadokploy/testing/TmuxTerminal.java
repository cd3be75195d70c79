package dev.supadokploy.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real terminal for tests: a shell in a tmux pane on a private tmux server, with the raw bytes the programs wrote
 * (pipe-pane) and the screen a person would see (capture-pane). Keys go in with {@link #type} and {@link #keys}.
 */
public final class TmuxTerminal implements AutoCloseable {
    private static final AtomicInteger SESSIONS = new AtomicInteger();
    private final String socket;
    private final Path raw;

    private TmuxTerminal(String socket, Path raw) {
        this.socket = socket;
        this.raw = raw;
    }

    public static boolean available() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (Files.isExecutable(Path.of(dir, "tmux"))) {
                return true;
            }
        }
        return false;
    }

    /**
     * Starts {@code shell} (e.g. "sh", "zsh -i") in a 160x40 pane with only the given environment (plus PATH, HOME,
     * TERM as tmux sets it) and starts recording the pane's raw output into {@code dir}.
     */
    public static TmuxTerminal start(Path dir, String shell, Map<String, String> env)
            throws IOException, InterruptedException {
        String socket = "sd-test-" + ProcessHandle.current().pid() + "-" + SESSIONS.incrementAndGet();
        Path raw = dir.resolve(socket + ".raw");
        Files.writeString(raw, "");
        TmuxTerminal t = new TmuxTerminal(socket, raw);
        List<String> cmd = new ArrayList<>(List.of("new-session", "-d", "-s", "t", "-x", "160", "-y", "40"));
        StringBuilder start = new StringBuilder("env -i");
        for (String name : List.of("PATH", "HOME", "LANG")) {
            String value = env.getOrDefault(name, System.getenv(name));
            if (value != null) {
                start.append(' ').append(name).append('=').append(quote(value));
            }
        }
        env.forEach((name, value) -> {
            if (!List.of("PATH", "HOME", "LANG").contains(name)) {
                start.append(' ').append(name).append('=').append(quote(value));
            }
        });
        start.append(" TERM=tmux-256color ").append(shell);
        cmd.add(start.toString());
        t.tmux(cmd.toArray(String[]::new));
        t.tmux("pipe-pane", "-t", "t", "-o", "cat >> " + quote(raw.toString()));
        return t;
    }

    /** Types text literally (no key names), without Enter. */
    public void type(String text) throws IOException, InterruptedException {
        tmux("send-keys", "-t", "t", "-l", text);
    }

    /** Sends tmux key names: "Enter", "Tab", "C-u"… */
    public void keys(String... keys) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("send-keys", "-t", "t"));
        cmd.addAll(List.of(keys));
        tmux(cmd.toArray(String[]::new));
    }

    /** What the pane shows now, as text (colours dropped). */
    public String screen() throws IOException, InterruptedException {
        return tmux("capture-pane", "-t", "t", "-p");
    }

    /** Every byte the pane received so far (escape codes and carriage returns included). */
    public String raw() throws IOException {
        return Files.readString(raw, StandardCharsets.UTF_8);
    }

    /** Waits until the screen shows {@code text}; returns the screen. */
    public String waitFor(String text, long seconds) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        String screen = "";
        while (System.nanoTime() < deadline) {
            screen = screen();
            if (screen.contains(text)) {
                return screen;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the terminal never showed '" + text + "':\n" + screen);
    }

    /** Waits until the raw output holds {@code text}; returns the raw output. */
    public String waitForRaw(String text, long seconds) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < deadline) {
            String all = raw();
            if (all.contains(text)) {
                return all;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the terminal never received '" + text + "':\n" + raw() + "\nscreen:\n" + screen());
    }

    @Override
    public void close() throws IOException, InterruptedException {
        tmux("kill-server");
    }

    private String tmux(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("tmux", "-L", socket, "-f", "/dev/null"));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().remove("TMUX");
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), String.join(" ", cmd));
        if (!args[0].equals("kill-server")) {
            assertEquals(0, p.exitValue(), String.join(" ", cmd) + ": " + out);
        }
        return out;
    }

    /** A POSIX shell single-quoted word. */
    public static String quote(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }
}
