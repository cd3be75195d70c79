package dev.supadokploy.dokploy;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * One line of container output. {@code compose.readLogs} answers Docker's {@code logs --timestamps} text:
 * {@code 2026-11-24T02:03:04.123456789Z message}. A line without a timestamp (a continuation, or a server
 * that dropped them) keeps its text with a null timestamp instead of being lost.
 */
public record LogLine(Instant timestamp, String message) {

    public static List<LogLine> parse(String text) {
        List<LogLine> lines = new ArrayList<>();
        if (text == null || text.isEmpty()) {
            return lines;
        }
        String[] raw = text.replace("\r\n", "\n").split("\n", -1);
        int n = raw.length;
        if (n > 0 && raw[n - 1].isEmpty()) {
            n--; // the final newline ends the last line; it does not start an empty one
        }
        for (int i = 0; i < n; i++) {
            lines.add(parseLine(raw[i]));
        }
        return lines;
    }

    static LogLine parseLine(String line) {
        int space = line.indexOf(' ');
        String head = space < 0 ? line : line.substring(0, space);
        if (head.length() >= 20 && Character.isDigit(head.charAt(0)) && head.charAt(10) == 'T') {
            try {
                Instant at = OffsetDateTime.parse(head, DateTimeFormatter.ISO_OFFSET_DATE_TIME)
                        .toInstant();
                return new LogLine(at, space < 0 ? "" : line.substring(space + 1));
            } catch (DateTimeParseException ignored) {
                // not a timestamp after all: keep the whole line as text
            }
        }
        return new LogLine(null, line);
    }
}
