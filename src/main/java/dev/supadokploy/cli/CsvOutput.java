package dev.supadokploy.cli;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * RFC 4180 CSV: CRLF line ends, a header row, fields quoted when they hold a comma, quote, CR or LF.
 * A NULL is an empty unquoted field and an empty string is {@code ""}, the distinction PostgreSQL's own
 * {@code COPY … CSV} makes, so a round trip through COPY keeps NULLs. Buffered: exports write millions
 * of records, and a flush per record would cost a system call each.
 */
public final class CsvOutput {
    /** Records between checks that stdout still has a reader. */
    private static final int CHECK_EVERY = 8192;

    private final PrintStream stream;
    private final Writer out;
    private long records;

    public CsvOutput(PrintStream stream) {
        this.stream = stream;
        this.out = new BufferedWriter(new OutputStreamWriter(stream, StandardCharsets.UTF_8), 1 << 16);
    }

    public void record(List<String> fields) {
        record(fields.toArray(String[]::new));
    }

    /** One record; a null element is written as NULL (an empty unquoted field). */
    public void record(String[] fields) {
        try {
            for (int i = 0; i < fields.length; i++) {
                if (i > 0) {
                    out.write(',');
                }
                writeField(fields[i]);
            }
            out.write("\r\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (++records % CHECK_EVERY == 0) {
            flush();
        }
    }

    /**
     * Flushes, and fails once the reader of stdout is gone: a PrintStream swallows EPIPE and only sets its
     * error flag, so without this check an export piped into head would read every remaining row for nothing.
     */
    public void flush() {
        try {
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (stream.checkError()) {
            throw new UncheckedIOException(new IOException("standard output was closed"));
        }
    }

    private void writeField(String value) throws IOException {
        if (value == null) {
            return;
        }
        boolean quote = value.isEmpty()
                || value.indexOf(',') >= 0
                || value.indexOf('"') >= 0
                || value.indexOf('\n') >= 0
                || value.indexOf('\r') >= 0;
        if (quote) {
            out.write('"');
            int from = 0;
            for (int q = value.indexOf('"'); q >= 0; q = value.indexOf('"', q + 1)) {
                out.write(value, from, q + 1 - from);
                out.write('"');
                from = q + 1;
            }
            out.write(value, from, value.length() - from);
            out.write('"');
        } else {
            out.write(value);
        }
    }
}
