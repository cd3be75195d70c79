package dev.supadokploy.pg.copy;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A slice of a table by its single-column key: {@code lower <= key < upper}, either bound open (null). The first and
 * last slices are open-ended, so rows whose key lies outside the min and max seen when the slices were cut are still
 * copied by exactly one slice.
 *
 * @param lower SQL literal of the inclusive lower bound, or null
 * @param upper SQL literal of the exclusive upper bound, or null
 */
public record KeyRange(String lower, String upper) {
    public static final KeyRange ALL = new KeyRange(null, null);

    /** Key types a table can be sliced by: integers and uuids (random uuids spread evenly, v7 ones between min and max). */
    public static boolean splittable(String type) {
        return switch (type) {
            case "smallint", "integer", "bigint", "uuid" -> true;
            default -> false;
        };
    }

    /** The WHERE condition on {@code quotedKey}, or null for the whole table. */
    public String predicate(String quotedKey) {
        if (lower == null && upper == null) {
            return null;
        }
        if (lower == null) {
            return quotedKey + " < " + upper;
        }
        if (upper == null) {
            return quotedKey + " >= " + lower;
        }
        return quotedKey + " >= " + lower + " AND " + quotedKey + " < " + upper;
    }

    @Override
    public String toString() {
        return "[" + (lower == null ? "" : lower) + ", " + (upper == null ? "" : upper) + ")";
    }

    /**
     * {@code count} slices of equal width between {@code min} and {@code max} (the key's text form), fewer when the
     * span is too narrow. One slice, {@link #ALL}, when count is 1 or min and max are missing (empty table).
     */
    public static List<KeyRange> split(String type, String min, String max, int count) {
        if (count <= 1 || min == null || max == null) {
            return List.of(ALL);
        }
        boolean uuid = type.equals("uuid");
        BigInteger lo = uuid ? uuidValue(min) : new BigInteger(min);
        BigInteger hi = uuid ? uuidValue(max) : new BigInteger(max);
        BigInteger span = hi.subtract(lo);
        List<String> bounds = new ArrayList<>();
        for (int i = 1; i < count; i++) {
            BigInteger b = lo.add(span.multiply(BigInteger.valueOf(i)).divide(BigInteger.valueOf(count)));
            String literal = uuid ? uuidLiteral(b) : b.toString();
            if (b.compareTo(lo) > 0
                    && (bounds.isEmpty() || !bounds.get(bounds.size() - 1).equals(literal))) {
                bounds.add(literal);
            }
        }
        List<KeyRange> ranges = new ArrayList<>();
        String previous = null;
        for (String b : bounds) {
            ranges.add(new KeyRange(previous, b));
            previous = b;
        }
        ranges.add(new KeyRange(previous, null));
        return ranges;
    }

    /** uuids compare as 16 unsigned bytes in PostgreSQL, which is their value as a 128-bit unsigned integer. */
    static BigInteger uuidValue(String uuid) {
        return new BigInteger(uuid.replace("-", ""), 16);
    }

    static String uuidLiteral(BigInteger value) {
        String hex = String.format(Locale.ROOT, "%032x", value);
        return "'" + hex.substring(0, 8) + "-" + hex.substring(8, 12) + "-" + hex.substring(12, 16) + "-"
                + hex.substring(16, 20) + "-" + hex.substring(20) + "'::uuid";
    }
}
