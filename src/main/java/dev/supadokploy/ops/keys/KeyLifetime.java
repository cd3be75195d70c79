package dev.supadokploy.ops.keys;

import dev.supadokploy.errors.SupaException;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Lifetimes of keys: {@code --expires-in} values ("5y", "365d", "12h", "30m", "3600s", or plain seconds) and
 * the "time left" people read. A year is 365 days, as Supabase's generate-keys.sh counts it.
 */
public final class KeyLifetime {
    static final Duration DEFAULT = Duration.ofDays(5 * 365);
    static final Duration MINIMUM = Duration.ofMinutes(1);
    static final Duration MAXIMUM = Duration.ofDays(100 * 365);
    /** Keys closer to their end than this are flagged: rotating them takes a redeploy of every client. */
    static final Duration SOON = Duration.ofDays(90);

    private static final Pattern FORMAT = Pattern.compile("(\\d{1,9})\\s*([smhdwy]?)");

    private KeyLifetime() {}

    static Duration parse(String text) {
        if (text == null) {
            return DEFAULT;
        }
        Matcher m = FORMAT.matcher(text.strip().toLowerCase());
        if (!m.matches()) {
            throw SupaException.invalidInput("Cannot read the key lifetime '" + text + "'",
                    "Give a number and a unit: 5y (years of 365 days), 365d, 2w, 12h, 30m, or a number of seconds.");
        }
        long n = Long.parseLong(m.group(1));
        Duration d = switch (m.group(2)) {
            case "y" -> Duration.ofDays(365 * n);
            case "w" -> Duration.ofDays(7 * n);
            case "d" -> Duration.ofDays(n);
            case "h" -> Duration.ofHours(n);
            case "m" -> Duration.ofMinutes(n);
            default -> Duration.ofSeconds(n);
        };
        if (d.compareTo(MINIMUM) < 0 || d.compareTo(MAXIMUM) > 0) {
            throw SupaException.invalidInput("The key lifetime '" + text + "' is out of range",
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
