package dev.supadokploy.pg.catalog;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import java.util.Comparator;
import java.util.List;

/**
 * A materialized view.
 *
 * @param definition {@code pg_get_viewdef}
 * @param populated  false after CREATE … WITH NO DATA until the first REFRESH
 */
@JsonClassDescription("A materialized view: definition, populated, size, columns, indexes, grants")
public record MaterializedView(
        String name,
        String owner,
        String comment,
        String definition,
        List<String> options,
        boolean populated,
        Long rowEstimate,
        Long totalBytes,
        List<Column> columns,
        List<Index> indexes,
        List<Grant> grants,
        String extension) {
    static final Comparator<MaterializedView> ORDER = Comparator.comparing(MaterializedView::name);

    public MaterializedView {
        options = Sorted.strings(options);
        columns = Sorted.by(columns, Column.ORDER);
        indexes = Sorted.by(indexes, Index.ORDER);
        grants = Sorted.by(grants, Grant.ORDER);
    }
}
