package dev.supadokploy.util;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the durations people type: a number and a unit, {@code 500ms}, {@code 30s}, {@code 2m}, {@code 1.5h},
 * {@code 365d}, {@code 2w}, {@code 5y} (years of 365 days), or a plain number of seconds. One reader for every
 * option that takes a duration, so they all accept the same forms; callers check their own ranges.
 */
public final class DurationText {
    private static final Pattern FORMAT = Pattern.compile("(\\d{1,12}(?:\\.\\d{1,9})?)\\s*(ms|s|sec|m|min|h|d|w|y)?");

    private DurationText() {}

    /** Empty when the text is not of that form; rounded to whole milliseconds. */
    public static Optional<Duration> parse(String text) {
        Matcher m = FORMAT.matcher(text.strip().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            return Optional.empty();
        }
        BigDecimal amount = new BigDecimal(m.group(1));
        long unitMillis = switch (m.group(2) == null ? "s" : m.group(2)) {
            case "ms" -> 1L;
            case "s", "sec" -> 1_000L;
            case "m", "min" -> 60_000L;
            case "h" -> 3_600_000L;
            case "d" -> 86_400_000L;
            case "w" -> 7 * 86_400_000L;
            default -> 365 * 86_400_000L;
        };
        BigDecimal millis = amount.multiply(BigDecimal.valueOf(unitMillis));
        if (millis.compareTo(BigDecimal.valueOf(Long.MAX_VALUE / 2)) > 0) {
            return Optional.empty();
        }
        return Optional.of(Duration.ofMillis(
                millis.setScale(0, java.math.RoundingMode.HALF_UP).longValueExact()));
    }
}
