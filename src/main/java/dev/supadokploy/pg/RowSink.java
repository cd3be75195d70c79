package dev.supadokploy.pg;

import java.util.List;

/**
 * Receives a result's rows as they arrive from the server, in PostgreSQL's text form (what psql and
 * COPY print), so an export of any size runs in flat memory.
 */
public interface RowSink {
    /** Called once, before the rows, with the columns of the result reported. */
    void start(List<SqlExecutor.Column> columns);

    /** One row; a null element is SQL NULL. The array is not reused. */
    void row(String[] values);
}
