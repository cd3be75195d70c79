package dev.supadokploy.ops.copy;

import dev.supadokploy.pg.PgIdentifiers;
import dev.supadokploy.pg.catalog.QualifiedName;
import dev.supadokploy.pg.copy.KeyRange;
import dev.supadokploy.pg.copy.RowChecksum;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * How one table is copied, from what both catalogs say.
 *
 * @param columns         the source's stored columns (generated ones are left to the target to compute), by name
 * @param sourceRelation  the source table as SQL, with ONLY when plain inheritance children would add their rows
 * @param targetRelation  the target table as SQL, likewise
 * @param binary          COPY in binary format (same major version, same types, none that embed type OIDs)
 * @param keyColumn       a single-column integer or uuid primary key to slice the table by, else null
 * @param keyType         that key's type
 * @param bytes           the source table's size on disk (partitions summed): the progress estimate
 * @param rowEstimate     the planner's estimate, -1 when the table was never analysed
 * @param references      other copied tables the target's foreign keys of this table point at
 * @param sourcePlain     the source table is an ordinary table (not partitioned), which COPY can read directly
 * @param rowHash         how both servers hash a row of it for the checksum
 */
public record TablePlan(
        QualifiedName name,
        List<String> columns,
        String sourceRelation,
        String targetRelation,
        boolean binary,
        String keyColumn,
        String keyType,
        long bytes,
        long rowEstimate,
        Set<QualifiedName> references,
        boolean sourcePlain,
        RowChecksum.RowHash rowHash) {

    public String format() {
        return binary ? "binary" : "text";
    }

    /**
     * The same plan in COPY's text format, its row hash kept: what a backup stores, readable by any later server; the
     * archive records the row hash so that restore computes the same checksum.
     */
    public TablePlan textFormat() {
        return new TablePlan(
                name,
                columns,
                sourceRelation,
                targetRelation,
                false,
                keyColumn,
                keyType,
                bytes,
                rowEstimate,
                references,
                sourcePlain,
                rowHash);
    }

    private String columnList() {
        return columns.stream().map(PgIdentifiers::quote).collect(Collectors.joining(", "));
    }

    private String where(KeyRange range) {
        return keyColumn == null ? null : range.predicate(PgIdentifiers.quote(keyColumn));
    }

    public String copyOut(KeyRange range) {
        String where = where(range);
        if (where == null && sourcePlain) {
            // COPY of a table reads it without the executor (and never its inheritance children): cheaper than a query.
            return "COPY " + QualifiedNames.sql(name) + " (" + columnList() + ") TO STDOUT (FORMAT " + format() + ")";
        }
        return "COPY (SELECT " + columnList() + " FROM " + sourceRelation + (where == null ? "" : " WHERE " + where)
                + ") TO STDOUT (FORMAT " + format() + ")";
    }

    public String copyIn() {
        return "COPY " + QualifiedNames.sql(name) + " (" + columnList() + ") FROM STDIN (FORMAT " + format() + ")";
    }

    public String sourceChecksum(KeyRange range) {
        return RowChecksum.query(sourceRelation, rowHash, where(range), false);
    }

    /**
     * @param insertedHere only the rows the loading transaction inserted (while loading); else every row of the range
     *                     (a part an earlier run loaded)
     */
    public String targetChecksum(KeyRange range, boolean insertedHere) {
        return RowChecksum.query(targetRelation, rowHash, where(range), insertedHere);
    }
}
