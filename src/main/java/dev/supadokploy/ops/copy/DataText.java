package dev.supadokploy.ops.copy;

import dev.supadokploy.util.ByteSize;
import java.util.Locale;

/** Sizes and durations as people read them in progress lines. */
public final class DataText {
    private DataText() {}

    public static String bytes(long bytes) {
        return ByteSize.pretty(bytes);
    }

    public static String seconds(double seconds) {
        long s = Math.round(seconds);
        return s < 60
                ? s + "s"
                : s < 3600
                        ? (s / 60) + "m" + String.format(Locale.ROOT, "%02d", s % 60) + "s"
                        : (s / 3600) + "h" + String.format(Locale.ROOT, "%02d", s % 3600 / 60) + "m";
    }
}
