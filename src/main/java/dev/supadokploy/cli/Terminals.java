package dev.supadokploy.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import org.fusesource.jansi.internal.CLibrary;

/** Terminal detection for the real process streams. */
public final class Terminals {
    private Terminals() {}

    /**
     * Columns of the terminal on {@code fd}; {@code COLUMNS} when set (a person's override, and what tests use), else the
     * terminal's own size; 0 when unknown.
     */
    static int columns(int fd, java.util.Map<String, String> env) {
        try {
            int columns = Integer.parseInt(env.getOrDefault("COLUMNS", "").trim());
            if (columns > 0) {
                return columns;
            }
        } catch (NumberFormatException notSet) {
            // ask the terminal
        }
        try {
            CLibrary.WinSize size = new CLibrary.WinSize();
            return CLibrary.ioctl(fd, CLibrary.TIOCGWINSZ, size) == 0 ? Math.max(0, size.ws_col) : 0;
        } catch (Throwable e) {
            return 0;
        }
    }

    public static boolean isTerminal(int fd) {
        if (surelyNotTerminal(fd)) {
            return false;
        }
        try {
            return CLibrary.isatty(fd) != 0;
        } catch (Throwable e) {
            // jansi's native library could not load (unusual platform, noexec tmp): assume no terminal,
            // the safe choice: no colour, no prompts.
            return false;
        }
    }

    /**
     * Whether Linux's /proc says {@code fd} is a pipe, socket, regular file or /dev/null: never a terminal. Asked first
     * because loading jansi's native library (extracted to a temporary file on each start) costs tens of
     * milliseconds, and an MCP server's streams are pipes. False when /proc cannot tell: jansi decides then.
     */
    static boolean surelyNotTerminal(int fd) {
        try {
            String target =
                    Files.readSymbolicLink(Path.of("/proc/self/fd/" + fd)).toString();
            return !target.startsWith("/dev/") || target.equals("/dev/null");
        } catch (Exception | LinkageError e) {
            return false;
        }
    }
}
