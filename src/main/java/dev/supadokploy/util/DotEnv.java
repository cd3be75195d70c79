package dev.supadokploy.util;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A dotenv document as Docker Compose reads it, kept line for line: comments, blank lines,
 * order and each value's quoting survive a parse/write round trip, and {@link #set} rewrites only the line
 * it changes. Dokploy stores a compose service's environment as one such string, so this is also the
 * codec for editing its {@code env} field; what Dokploy's containers then get from it (dotenv 16.4.5's reading,
 * references resolved) is {@code dokploy.DokployEnv}'s business.
 *
 * <p>Values: unquoted (trimmed; {@code " #"} starts a comment), {@code 'single'} (literal), or
 * {@code "double"} (escapes {@code \n \r \t \" \\}; may span lines). {@code export KEY=…} is accepted.
 */
public final class DotEnv {
    private static final Pattern ASSIGNMENT =
            Pattern.compile("^(\\s*(?:export\\s+)?)([A-Za-z_][A-Za-z0-9_.-]*)(\\s*=\\s*)(.*)$", Pattern.DOTALL);

    /** One physical entry: a comment/blank line, an assignment, or a line that does not parse. */
    public sealed interface Line permits Text, Entry, Invalid {
        String raw();
    }

    /** A comment or a blank line. */
    public record Text(String raw) implements Line {}

    /** {@code KEY=value}; {@code raw} is the text as written (several lines for a multi-line value). */
    public record Entry(String raw, String key, String value, int lineNumber) implements Line {}

    /** A line that is neither a comment nor an assignment. */
    public record Invalid(String raw, int lineNumber, String reason) implements Line {}

    private final List<Line> lines;
    private final boolean trailingNewline;

    private DotEnv(List<Line> lines, boolean trailingNewline) {
        this.lines = lines;
        this.trailingNewline = trailingNewline;
    }

    public static DotEnv empty() {
        return new DotEnv(new ArrayList<>(), true);
    }

    public static DotEnv parse(String text) {
        String normalized = text.replace("\r\n", "\n");
        boolean trailing = normalized.endsWith("\n");
        String[] physical = (trailing ? normalized.substring(0, normalized.length() - 1) : normalized).split("\n", -1);
        List<Line> lines = new ArrayList<>();
        if (normalized.isEmpty()) {
            return new DotEnv(lines, true);
        }
        for (int i = 0; i < physical.length; i++) {
            String line = physical[i];
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                lines.add(new Text(line));
                continue;
            }
            Matcher m = ASSIGNMENT.matcher(line);
            if (!m.matches()) {
                lines.add(new Invalid(line, i + 1, "not KEY=value"));
                continue;
            }
            String rest = m.group(4);
            int start = i;
            if (rest.startsWith("\"")) {
                // A double-quoted value may continue on the next lines until its closing quote.
                StringBuilder raw = new StringBuilder(line);
                StringBuilder quoted = new StringBuilder(rest);
                while (closingQuote(quoted, '"') < 0 && i + 1 < physical.length) {
                    i++;
                    raw.append('\n').append(physical[i]);
                    quoted.append('\n').append(physical[i]);
                }
                int close = closingQuote(quoted, '"');
                if (close < 0) {
                    lines.add(new Invalid(raw.toString(), start + 1, "unterminated double quote"));
                    continue;
                }
                lines.add(new Entry(raw.toString(), m.group(2), unescape(quoted.substring(1, close)), start + 1));
            } else if (rest.startsWith("'")) {
                int close = rest.indexOf('\'', 1);
                if (close < 0) {
                    lines.add(new Invalid(line, i + 1, "unterminated single quote"));
                    continue;
                }
                lines.add(new Entry(line, m.group(2), rest.substring(1, close), i + 1));
            } else {
                lines.add(new Entry(line, m.group(2), unquotedValue(rest), i + 1));
            }
        }
        return new DotEnv(lines, trailing);
    }

    private static int closingQuote(CharSequence s, char quote) {
        for (int i = 1; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == quote) {
                return i;
            }
        }
        return -1;
    }

    private static String unquotedValue(String rest) {
        int comment = rest.indexOf(" #");
        String value = comment >= 0 ? rest.substring(0, comment) : rest;
        return value.strip();
    }

    private static String unescape(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 1 < s.length()) {
                char n = s.charAt(++i);
                switch (n) {
                    case 'n' -> out.append('\n');
                    case 'r' -> out.append('\r');
                    case 't' -> out.append('\t');
                    case '"', '\\' -> out.append(n);
                    default -> out.append('\\').append(n);
                }
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    public List<Line> lines() {
        return Collections.unmodifiableList(lines);
    }

    public List<Entry> entries() {
        return lines.stream()
                .filter(Entry.class::isInstance)
                .map(Entry.class::cast)
                .toList();
    }

    public List<Invalid> invalidLines() {
        return lines.stream()
                .filter(Invalid.class::isInstance)
                .map(Invalid.class::cast)
                .toList();
    }

    /** The value a reader sees: the last assignment of the key wins, as in Docker Compose. */
    public Optional<String> get(String key) {
        String value = null;
        for (Entry e : entries()) {
            if (e.key().equals(key)) {
                value = e.value();
            }
        }
        return Optional.ofNullable(value);
    }

    /** Keys assigned more than once, with the line numbers of every assignment. */
    public Map<String, List<Integer>> duplicates() {
        Map<String, List<Integer>> seen = new LinkedHashMap<>();
        for (Entry e : entries()) {
            seen.computeIfAbsent(e.key(), k -> new ArrayList<>()).add(e.lineNumber());
        }
        seen.values().removeIf(l -> l.size() < 2);
        return seen;
    }

    /** The effective values, in first-appearance order. */
    public Map<String, String> toMap() {
        Map<String, String> map = new LinkedHashMap<>();
        for (Entry e : entries()) {
            map.put(e.key(), e.value());
        }
        return map;
    }

    /**
     * Sets a value: rewrites the last assignment of the key in place (keeping {@code export} and the spacing
     * around '='), or appends a line when the key is new.
     */
    public DotEnv set(String key, String value) {
        for (int i = lines.size() - 1; i >= 0; i--) {
            if (lines.get(i) instanceof Entry e && e.key().equals(key)) {
                Matcher m = ASSIGNMENT.matcher(e.raw());
                String prefix = m.matches() ? m.group(1) + key + m.group(3) : key + "=";
                lines.set(i, new Entry(prefix + format(value), key, value, e.lineNumber()));
                return this;
            }
        }
        lines.add(new Entry(key + "=" + format(value), key, value, lines.size() + 1));
        return this;
    }

    /**
     * The value as it must be written: bare when that reads back the same and a shell would agree; single-quoted
     * when it holds '$' (Compose would otherwise interpolate it), '#' or spaces; else double-quoted and escaped.
     * A '#' anywhere is quoted because Dokploy re-parses a compose's env with dotenv 16.4.5, which ends an unquoted
     * value at the first '#' even without a space before it ({@code dokploy.DokployEnv}); single quotes read the same in
     * dotenv and in Compose.
     */
    public static String format(String value) {
        boolean plain = value.chars()
                .noneMatch(c -> Character.isWhitespace(c) || c == '"' || c == '\'' || c == '\\' || c == '#');
        if (plain && !value.contains("$")) {
            return value;
        }
        if (value.indexOf('\'') < 0 && value.indexOf('\n') < 0 && value.indexOf('\r') < 0) {
            return "'" + value + "'";
        }
        StringBuilder out = new StringBuilder("\"");
        for (char c : value.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> out.append(c);
            }
        }
        return out.append('"').toString();
    }

    /** The document, byte for byte as parsed apart from the lines {@link #set} changed. */
    public String write() {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < lines.size(); i++) {
            out.append(lines.get(i).raw());
            if (i < lines.size() - 1 || trailingNewline) {
                out.append('\n');
            }
        }
        return out.toString();
    }

    @Override
    public String toString() {
        return "DotEnv(" + entries().size() + " entries)";
    }
}
