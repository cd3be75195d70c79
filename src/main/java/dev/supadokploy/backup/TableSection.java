package dev.supadokploy.backup;

import dev.supadokploy.pg.PgIdentifiers;
import java.util.List;

/**
 * The metadata of a table's data section. Names are kept apart and quoted when used, never stored as SQL.
 *
 * @param only     load with ONLY semantics: the table has inheritance children, whose rows are theirs
 * @param columns  the stored columns (generated ones are computed again on restore), in COPY order
 * @param format   the COPY format of the content: text
 */
public record TableSection(String schema, String name, boolean only, List<String> columns, String format) {

    /** schema.table as people write it (and the manifest names it). */
    public String table() {
        return schema + "." + name;
    }

    /** The table as SQL, with ONLY when its children must not count. */
    public String relation() {
        return (only ? "ONLY " : "") + PgIdentifiers.qualified(schema, name);
    }

    /** The COPY that loads the section's rows. */
    public String copyIn() {
        return "COPY " + PgIdentifiers.qualified(schema, name) + " ("
                + String.join(", ", columns.stream().map(PgIdentifiers::quote).toList()) + ") FROM STDIN (FORMAT "
                + ("binary".equals(format) ? "binary" : "text") + ")";
    }
}
