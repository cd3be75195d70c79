package dev.supadokploy.dokploy;

import dev.supadokploy.errors.SupaException;
import java.util.regex.Pattern;

/**
 * Which lines of a container's log to read, with {@code compose.readLogs}'s own limits checked here so a bad
 * value gets a clear message before a round trip: tail 1–10000, since {@code all} or {@code <n>[smhd]},
 * search {@code [a-zA-Z0-9 ._-]} up to 500 characters. Dokploy hands {@code since} to {@code docker logs --since},
 * which reads Go durations and knows no days: {@code 2d} is sent as {@code 48h}.
 */
public record LogQuery(int tail, String since, String search) {
    private static final Pattern SINCE = Pattern.compile("^(all|\\d+[smhd])$");
    private static final Pattern SEARCH = Pattern.compile("^[a-zA-Z0-9 ._-]{0,500}$");

    public LogQuery {
        if (tail < 1 || tail > 10_000) {
            throw SupaException.invalidInput(
                    "tail must be between 1 and 10000, not " + tail, "Pass --tail 100, for example.");
        }
        since = since == null || since.isBlank() ? "all" : since.strip();
        if (!SINCE.matcher(since).matches()) {
            throw SupaException.invalidInput(
                    "since must be 'all' or a number with s, m, h or d (e.g. 30m), not '" + since + "'",
                    "Pass --since 30m or --since 2h.");
        }
        if (since.endsWith("d")) {
            since = Long.parseLong(since.substring(0, since.length() - 1)) * 24 + "h";
        }
        if (search != null && !SEARCH.matcher(search).matches()) {
            throw SupaException.invalidInput(
                    "search may hold only letters, digits, spaces, '.', '_' and '-' (up to 500)",
                    "Simplify the search text; Dokploy rejects other characters.");
        }
    }

    public static LogQuery tail(int lines) {
        return new LogQuery(lines, "all", null);
    }
}
