package dev.supadokploy.pg.catalog;

import java.util.List;
import java.util.Locale;

/**
 * Reads reloptions ("name=value" strings). They are stored as written, so a boolean may be
 * {@code true}, {@code on}, {@code yes} or {@code 1}.
 */
final class ViewOptions {
    private ViewOptions() {}

    static String value(List<String> options, String name) {
        for (String option : options) {
            int eq = option.indexOf('=');
            if (eq > 0 && option.substring(0, eq).equals(name)) {
                return option.substring(eq + 1);
            }
        }
        return null;
    }

    static boolean flag(List<String> options, String name) {
        String v = value(options, name);
        return v != null && List.of("true", "on", "yes", "1").contains(v.toLowerCase(Locale.ROOT));
    }
}
