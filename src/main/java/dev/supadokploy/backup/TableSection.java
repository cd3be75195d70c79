package dev.supadokploy.backup;

import java.util.List;

/**
 * The metadata of a table's data section.
 *
 * @param table     schema.table as people write it
 * @param relation  the table as SQL, with ONLY when inheritance children hold rows of their own
 * @param columns   the stored columns (generated ones are computed again on restore), in COPY order
 * @param format    the COPY format of the content: text
 */
public record TableSection(String table, String relation, List<String> columns, String format) {}
