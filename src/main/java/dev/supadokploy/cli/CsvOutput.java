package dev.supadokploy.cli;

import java.io.PrintStream;
import java.util.List;

/**
 * RFC 4180 CSV on stdout: CRLF line ends, a header row, fields quoted when they hold a comma, quote,
 * CR or LF. A NULL is an empty unquoted field and an empty string is {@code ""}, the distinction
 * PostgreSQL's own {@code COPY … CSV} makes, so a round trip through COPY keeps NULLs.
 */
public final class CsvOutput {
    private final PrintStream out;

    public CsvOutput(PrintStream out) {
        this.out = out;
    }

    /** One record; a null element is written as NULL (an empty unquoted field). */
    public void record(List<String> fields) {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < fields.size(); i++) {
            if (i > 0) {
                line.append(',');
            }
            line.append(field(fields.get(i)));
        }
        out.print(line.append("\r\n"));
    }

    public void flush() {
        out.flush();
    }

    static String field(String value) {
        if (value == null) {
            return "";
        }
        boolean quote = value.isEmpty() || value.indexOf(',') >= 0 || value.indexOf('"') >= 0
                || value.indexOf('\n') >= 0 || value.indexOf('\r') >= 0;
        return quote ? "\"" + value.replace("\"", "\"\"") + "\"" : value;
    }
}
