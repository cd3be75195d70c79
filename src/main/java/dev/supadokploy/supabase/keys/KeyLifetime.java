package dev.supadokploy.supabase.keys;

import dev.supadokploy.errors.SupaException;
import dev.supadokploy.util.DurationText;
import java.time.Duration;

/**
 * Lifetimes of keys: {@code --expires-in} values ("5y", "365d", "12h", "30m", "3600s", or plain seconds) and
 * the "time left" people read. A year is 365 days, as Supabase's generate-keys.sh counts it.
 */
public final class KeyLifetime {
    static final Duration DEFAULT = Duration.ofDays(5 * 365);
    static final Duration MINIMUM = Duration.ofMinutes(1);
    static final Duration MAXIMUM = Duration.ofDays(100 * 365);
    /** Keys closer to their end than this are flagged: rotating them takes a redeploy of every client. */
    public static final Duration SOON = Duration.ofDays(90);

    private KeyLifetime() {}

    public static Duration parse(String text) {
        if (text == null) {
            return DEFAULT;
        }
        Duration d = DurationText.parse(text)
                .orElseThrow(
                        () -> SupaException.invalidInput(
                                "Cannot read the key lifetime '" + text + "'",
                                "Give a number and a unit: 5y (years of 365 days), 365d, 2w, 12h, 30m, or a number of seconds."));
        // JWT exp and iat are whole seconds.
        d = Duration.ofSeconds(d.getSeconds());
        if (d.compareTo(MINIMUM) < 0 || d.compareTo(MAXIMUM) > 0) {
            throw SupaException.invalidInput(
                    "The key lifetime '" + text + "' is out of range",
                    "Use between 1 minute and 100 years; Supabase's own generator uses 5y.");
        }
        return d;
    }

    /** "4 years 364 days", "12 days 3 hours", "5 hours", "30 seconds": the larger units only. */
    public static String describe(Duration d) {
        long s = Math.abs(d.getSeconds());
        long days = s / 86_400;
        if (days >= 365) {
            return plural(days / 365, "year") + (days % 365 == 0 ? "" : " " + plural(days % 365, "day"));
        }
        if (days >= 1) {
            long hours = s % 86_400 / 3600;
            return plural(days, "day") + (days < 10 && hours > 0 ? " " + plural(hours, "hour") : "");
        }
        if (s >= 3600) {
            return plural(s / 3600, "hour");
        }
        if (s >= 60) {
            return plural(s / 60, "minute");
        }
        return plural(s, "second");
    }

    private static String plural(long n, String unit) {
        return n + " " + unit + (n == 1 ? "" : "s");
    }
}
