package dev.supadokploy.util;

import java.nio.file.Path;
import java.util.Map;

/**
 * Where the tool keeps its state (XDG Base Directory): {@code $XDG_STATE_HOME/supa-dokploy}, else
 * {@code ~/.local/state/supa-dokploy}. Copies of envs a rollout replaced, the locks of backups to remote locations.
 */
public final class StateDirectory {
    private StateDirectory() {}

    public static Path of(Map<String, String> env) {
        String state = env.get("XDG_STATE_HOME");
        Path base = state != null && !state.isBlank()
                ? Path.of(state)
                : Path.of(env.getOrDefault("HOME", System.getProperty("user.home")), ".local", "state");
        return base.resolve("supa-dokploy");
    }
}
