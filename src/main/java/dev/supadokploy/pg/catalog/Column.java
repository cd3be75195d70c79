package dev.supadokploy.pg.catalog;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import java.util.Comparator;
import java.util.List;

/**
 * A column of a table, view or materialized view.
 *
 * @param position          1-based position among the live columns (dropped columns leave no gap, so
 *                          two equivalent tables number their columns alike)
 * @param type              {@code format_type} text, schema-qualified outside pg_catalog (e.g. {@code public.todo_status})
 * @param defaultExpression DEFAULT expression; null for none and for generated columns
 * @param identity          {@code ALWAYS} or {@code BY DEFAULT} for identity columns, else null
 * @param generated         expression of a GENERATED ALWAYS AS (…) STORED column, else null
 * @param collation         collation when it differs from the type's default, else null
 * @param inherited         the column exists only because a parent (inheritance or partitioning) has it
 * @param grants            column-level grants (GRANT UPDATE (col) …); table-level grants are on the table
 */
@JsonClassDescription(
        "A column: type, nullability, default, identity, generated expression, collation, comment, column grants")
public record Column(
        int position,
        String name,
        String type,
        boolean notNull,
        String defaultExpression,
        String identity,
        String generated,
        String collation,
        boolean inherited,
        String comment,
        List<Grant> grants) {
    static final Comparator<Column> ORDER = Comparator.comparingInt(Column::position);

    public Column {
        grants = Sorted.by(grants, Grant.ORDER);
    }
}
