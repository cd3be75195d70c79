package dev.supadokploy.dokploy;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Docker's human status line read back into facts: "Up 3 minutes (healthy)", "Up 2 seconds (health: starting)",
 * "Restarting (1) 5 seconds ago", "Exited (137) 2 hours ago". Docker has no structured health in this listing,
 * so the text is the contract.
 */
public record ContainerStatus(Phase phase, Health health, Integer exitCode, String raw) {
    public enum Phase {
        RUNNING,
        RESTARTING,
        EXITED,
        CREATED,
        PAUSED,
        DEAD,
        REMOVING,
        UNKNOWN
    }

    /** NONE: the image defines no health check, so "running" is all there is to know. */
    public enum Health {
        HEALTHY,
        UNHEALTHY,
        STARTING,
        NONE
    }

    private static final Pattern EXIT_CODE = Pattern.compile("^(?:Exited|Restarting) \\((-?\\d+)\\)");

    public static ContainerStatus parse(String state, String status) {
        String s = status == null ? "" : status.strip();
        String lower = s.toLowerCase(Locale.ROOT);
        Phase phase = phaseOf(lower, state);
        Health health = lower.contains("(healthy)")
                ? Health.HEALTHY
                : lower.contains("(unhealthy)")
                        ? Health.UNHEALTHY
                        : lower.contains("(health: starting)") ? Health.STARTING : Health.NONE;
        Matcher m = EXIT_CODE.matcher(s);
        Integer exit = m.find() ? Integer.valueOf(m.group(1)) : null;
        return new ContainerStatus(phase, health, exit, s);
    }

    private static Phase phaseOf(String lower, String state) {
        if (lower.startsWith("up")) {
            return lower.contains("(paused)") ? Phase.PAUSED : Phase.RUNNING;
        }
        if (lower.startsWith("restarting")) {
            return Phase.RESTARTING;
        }
        if (lower.startsWith("exited")) {
            return Phase.EXITED;
        }
        if (lower.startsWith("created")) {
            return Phase.CREATED;
        }
        if (lower.startsWith("dead")) {
            return Phase.DEAD;
        }
        if (lower.startsWith("removal")) {
            return Phase.REMOVING;
        }
        // Fall back on Docker's one-word state when the status text is empty or new.
        return switch (state == null ? "" : state.toLowerCase(Locale.ROOT)) {
            case "running" -> Phase.RUNNING;
            case "restarting" -> Phase.RESTARTING;
            case "exited" -> Phase.EXITED;
            case "created" -> Phase.CREATED;
            case "paused" -> Phase.PAUSED;
            case "dead" -> Phase.DEAD;
            case "removing" -> Phase.REMOVING;
            default -> Phase.UNKNOWN;
        };
    }

    /** Running and either healthy or without a health check. */
    public boolean ready() {
        return phase == Phase.RUNNING && (health == Health.HEALTHY || health == Health.NONE);
    }
}
