package dev.supadokploy.util;

import java.math.BigDecimal;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Sizes as people read and type them: {@code 8kB}, {@code 256MB}, {@code 1.5GB} (powers of 1024, as PostgreSQL counts). */
public final class ByteSize {
    private static final Pattern FORMAT =
            Pattern.compile("(\\d{1,12}(?:\\.\\d{1,6})?)\\s*(b|bytes?|k|kb|kib|m|mb|mib|g|gb|gib|t|tb|tib)?");

    private ByteSize() {}

    /** Empty when the text is not a size; a plain number is bytes. */
    public static Optional<Long> parse(String text) {
        Matcher m = FORMAT.matcher(text.strip().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            return Optional.empty();
        }
        String unit = m.group(2) == null ? "b" : m.group(2);
        int shift = switch (unit.charAt(0)) {
            case 'k' -> 10;
            case 'm' -> 20;
            case 'g' -> 30;
            case 't' -> 40;
            default -> 0;
        };
        BigDecimal bytes = new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(1L << shift));
        return bytes.compareTo(BigDecimal.valueOf(Long.MAX_VALUE / 2)) > 0
                ? Optional.empty()
                : Optional.of(bytes.setScale(0, java.math.RoundingMode.HALF_UP).longValueExact());
    }

    /** The way pg_size_pretty prints a size, so it reads like psql's \dt+. */
    public static String pretty(long n) {
        String[] units = {"bytes", "kB", "MB", "GB", "TB"};
        double v = n;
        int u = 0;
        while (v >= 10 * 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return u == 0 ? n + " bytes" : Math.round(v) + " " + units[u];
    }
}
