package dev.supadokploy.testing.dokploy;

/**
 * Makes Dokploy's templates readable by a strict TOML parser. Dokploy parses {@code template.toml} with the
 * npm {@code toml} package, whose grammar takes a backslash before an unknown character in a basic string as a
 * literal backslash; TOML 1.0 (and Jackson) reject it. The Supabase template relies on that leniency:
 * {@code kong-entrypoint.sh} holds {@code "\$((headers…"} inside a {@code """…"""} string. This pass doubles
 * exactly those backslashes, so Jackson yields the same text Dokploy sees, and leaves everything else (valid
 * escapes, line-ending backslashes, literal strings, comments) alone.
 */
final class LenientToml {
    private enum State {
        OUTSIDE,
        COMMENT,
        BASIC,
        MULTILINE_BASIC,
        LITERAL,
        MULTILINE_LITERAL
    }

    private LenientToml() {}

    static String escapeUnknownEscapes(String toml) {
        StringBuilder out = new StringBuilder(toml.length() + 16);
        State state = State.OUTSIDE;
        int i = 0;
        while (i < toml.length()) {
            char c = toml.charAt(i);
            switch (state) {
                case OUTSIDE -> {
                    if (toml.startsWith("\"\"\"", i)) {
                        out.append("\"\"\"");
                        i += 3;
                        state = State.MULTILINE_BASIC;
                        continue;
                    }
                    if (toml.startsWith("'''", i)) {
                        out.append("'''");
                        i += 3;
                        state = State.MULTILINE_LITERAL;
                        continue;
                    }
                    state = c == '#' ? State.COMMENT : c == '"' ? State.BASIC : c == '\'' ? State.LITERAL : state;
                }
                case COMMENT -> state = c == '\n' ? State.OUTSIDE : state;
                case LITERAL -> state = c == '\'' || c == '\n' ? State.OUTSIDE : state;
                case MULTILINE_LITERAL -> {
                    if (toml.startsWith("'''", i)) {
                        out.append("'''");
                        i += 3;
                        state = State.OUTSIDE;
                        continue;
                    }
                }
                case BASIC, MULTILINE_BASIC -> {
                    boolean multiline = state == State.MULTILINE_BASIC;
                    if (c == '\\' && i + 1 < toml.length()) {
                        char next = toml.charAt(i + 1);
                        out.append(isEscape(next, multiline) ? "\\" : "\\\\").append(next);
                        i += 2;
                        continue;
                    }
                    if (multiline && toml.startsWith("\"\"\"", i)) {
                        out.append("\"\"\"");
                        i += 3;
                        state = State.OUTSIDE;
                        continue;
                    }
                    if (!multiline && (c == '"' || c == '\n')) {
                        state = State.OUTSIDE;
                    }
                }
            }
            out.append(c);
            i++;
        }
        return out.toString();
    }

    private static boolean isEscape(char next, boolean multiline) {
        return "btnfr\"\\uU".indexOf(next) >= 0
                || multiline && (next == ' ' || next == '\t' || next == '\n' || next == '\r');
    }
}
