package dev.supadokploy.pg.copy;

import java.math.BigInteger;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.stream.Collectors;

/**
 * An order-independent fingerprint of a set of rows, computed by the server with the same expression on both sides
 * of a copy: the row count and the sum of a 64-bit hash of each row's text form. A sum (unlike XOR) does not cancel
 * out pairs of identical rows, and it adds up: a table's checksum is the sum of its key ranges' checksums.
 *
 * <p>From PostgreSQL 14 on both sides, a row is hashed by {@code hash_record_extended}: each column by its type's own
 * hash function, with no text conversion, several times cheaper. Those are the hash functions behind hash
 * partitioning, which PostgreSQL keeps stable across versions so that partitioned tables survive pg_upgrade; columns
 * whose hash could differ between two databases (enums hash their OID, types without a hash function, collations that
 * are not byte-wise) are hashed through their text form instead. Before 14, the whole row's text form is hashed with
 * {@code hashtextextended} (11+). Text forms depend on session settings (time zone, date and interval style, bytea
 * output, float digits); {@link CopySessions#prepare} sets them alike on every connection.
 */
public record RowChecksum(long rows, BigInteger sum) {
    private static final BigInteger MOD = BigInteger.ONE.shiftLeft(64);
    public static final RowChecksum EMPTY = new RowChecksum(0, BigInteger.ZERO);

    public RowChecksum plus(RowChecksum other) {
        return new RowChecksum(rows + other.rows, sum.add(other.sum));
    }

    /** The sum folded to 64 bits, as 16 hex digits: short enough to read, and equal on both sides or not. */
    public String hex() {
        return String.format("%016x", sum.mod(MOD));
    }

    /**
     * How a row is hashed: the items of its ROW(…) (quoted columns, or their text form) and whether the record's own
     * hash ({@code hash_record_extended}) or its text form's is taken.
     */
    public record RowHash(List<String> items, boolean record) {
        /** The whole row's text form, hashed: works on any two servers from PostgreSQL 11. */
        public static RowHash text(List<String> quotedColumns) {
            return new RowHash(quotedColumns, false);
        }

        /** A column as a record item when its own hash cannot be trusted to agree between two databases. */
        public static String asText(String quotedColumn) {
            return "(" + quotedColumn + "::text) COLLATE \"C\"";
        }

        String expression() {
            String row = items.stream().collect(Collectors.joining(", ", "ROW(", ")"));
            return record ? "hash_record_extended(" + row + ", 0)" : "hashtextextended(" + row + "::text, 0)";
        }
    }

    /** {@link #query(String, RowHash, String, boolean)} of the rows' text form. */
    public static String query(String relation, List<String> columns, String where, boolean insertedHere) {
        return query(relation, RowHash.text(columns), where, insertedHere);
    }

    /**
     * The query computing the checksum of {@code relation} (already qualified, with ONLY when needed) for the rows
     * matching {@code where} (null for all).
     *
     * @param insertedHere only the rows this transaction inserted (their xmin is its id): on the target, this counts
     *                     exactly what a copy loaded, whatever rows the table held before or other sessions add
     */
    public static String query(String relation, RowHash hash, String where, boolean insertedHere) {
        String filter = where == null ? "" : where;
        if (insertedHere) {
            // txid_current() is 64-bit; xmin holds its low 32 bits. Works from PostgreSQL 9 to 17. Computed once (the
            // sub-select) and compared as an xid: a text form of every row's xmin costs as much as the row's hash.
            String mine = "xmin = (SELECT (txid_current() % 4294967296)::text::xid)";
            filter = filter.isEmpty() ? mine : "(" + filter + ") AND " + mine;
        }
        return "SELECT count(*), coalesce(sum(" + hash.expression() + "), 0)::text FROM " + relation
                + (filter.isEmpty() ? "" : " WHERE " + filter);
    }

    public static RowChecksum compute(Connection conn, String query) throws SQLException {
        try (Statement s = conn.createStatement();
                ResultSet rs = s.executeQuery(query)) {
            rs.next();
            return new RowChecksum(rs.getLong(1), new BigInteger(rs.getString(2)));
        }
    }
}
