package dev.supadokploy.cli;

import org.fusesource.jansi.internal.CLibrary;

/** Terminal detection for the real process streams. */
final class Terminals {
    private Terminals() {}

    static boolean isTerminal(int fd) {
        try {
            return CLibrary.isatty(fd) != 0;
        } catch (Throwable e) {
            // jansi's native library could not load (unusual platform, noexec tmp): assume no terminal,
            // the safe choice: no colour, no prompts.
            return false;
        }
    }
}
