package dev.supadokploy.pg.catalog;

import com.fasterxml.jackson.annotation.JsonClassDescription;

/** A column of a table, e.g. the column a sequence is OWNED BY. */
@JsonClassDescription("A table column: schema, table, column")
public record ColumnRef(String schema, String table, String column) {
    @Override
    public String toString() {
        return schema + "." + table + "." + column;
    }
}
