package dev.supadokploy.pg;

import java.util.regex.Pattern;

/** Identifier quoting for SQL the tool shows to people (suggestions); values it runs are bound, not quoted. */
public final class PgIdentifiers {
    private static final Pattern PLAIN = Pattern.compile("[a-z_][a-z0-9_$]*");

    private PgIdentifiers() {}

    /** {@code name} as written in SQL: bare when it is a plain lower-case identifier, else in double quotes. */
    public static String quote(String name) {
        return PLAIN.matcher(name).matches() ? name : "\"" + name.replace("\"", "\"\"") + "\"";
    }
}
