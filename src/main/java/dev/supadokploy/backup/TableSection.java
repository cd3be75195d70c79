package dev.supadokploy.backup;

import dev.supadokploy.pg.PgIdentifiers;
import dev.supadokploy.pg.copy.RowChecksum;
import java.util.List;

/**
 * The metadata of a table's data section. Names are kept apart and quoted when used, never stored as SQL.
 *
 * @param only        load with ONLY semantics: the table has inheritance children, whose rows are theirs
 * @param columns     the stored columns (generated ones are computed again on restore), in COPY order
 * @param format      the COPY format of the content: text
 * @param rowHash     how the manifest's checksum hashes a row: {@code record} (hash_record_extended, PostgreSQL 14+,
 *                    format 2) or {@code text} (the row's text form; format 1 archives, which lack the field)
 * @param textHashed  with {@code record}: the columns hashed through their text form (enums, types without a stable
 *                    hash, non-deterministic collations), as migrate does
 */
public record TableSection(
        String schema,
        String name,
        boolean only,
        List<String> columns,
        String format,
        String rowHash,
        List<String> textHashed) {
    public static final String RECORD_HASH = "record";

    /** schema.table as people write it (and the manifest names it). */
    public String table() {
        return schema + "." + name;
    }

    /** The table as SQL, with ONLY when its children must not count. */
    public String relation() {
        return (only ? "ONLY " : "") + PgIdentifiers.qualified(schema, name);
    }

    /** The COPY that loads the section's rows; FREEZE when the table was created in the loading transaction. */
    public String copyIn(boolean freeze) {
        return "COPY " + PgIdentifiers.qualified(schema, name) + " ("
                + String.join(", ", columns.stream().map(PgIdentifiers::quote).toList()) + ") FROM STDIN (FORMAT "
                + ("binary".equals(format) ? "binary" : "text") + (freeze ? ", FREEZE" : "") + ")";
    }

    /** Whether the checksum needs {@code hash_record_extended} (PostgreSQL 14 or later) on the server that checks it. */
    public boolean recordHash() {
        return RECORD_HASH.equals(rowHash);
    }

    /** The row hash the source's checksum used, so a restore computes the same one. */
    public RowChecksum.RowHash hash() {
        List<String> items = columns.stream()
                .map(c -> {
                    String quoted = PgIdentifiers.quote(c);
                    return recordHash() && textHashed != null && textHashed.contains(c)
                            ? RowChecksum.RowHash.asText(quoted)
                            : quoted;
                })
                .toList();
        return recordHash() ? new RowChecksum.RowHash(items, true) : RowChecksum.RowHash.text(items);
    }

    /** The section for a table whose checksum uses {@code hash}. */
    public static TableSection of(
            String schema, String name, boolean only, List<String> columns, String format, RowChecksum.RowHash hash) {
        List<String> textHashed = hash.record()
                ? columns.stream()
                        .filter(c -> !hash.items().get(columns.indexOf(c)).equals(PgIdentifiers.quote(c)))
                        .toList()
                : List.of();
        return new TableSection(schema, name, only, columns, format, hash.record() ? RECORD_HASH : "text", textHashed);
    }
}
