package dev.supadokploy.ops.copy;

import dev.supadokploy.pg.catalog.QualifiedName;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * After the rows, the sequences behind them: serial and identity columns (owned sequences) and defaults calling
 * nextval on a sequence. Matched by the column they serve, since the target's sequence may have another name.
 */
public final class SequenceSync {
    /** A sequence set on the target: its name there, the source's value, and the value it was set to. */
    public record SetSequence(String table, String column, String sequence, Long sourceValue, Long value) {}

    /** A column's sequence on one side and its last value (null when never used). */
    private record ColumnSequence(String sequence, Long lastValue) {}

    private SequenceSync() {}

    /**
     * @param append keep the target's value when it is higher (rows it already had may use it)
     */
    public static List<SetSequence> apply(
            Connection source, Connection target, List<QualifiedName> tables, boolean append) throws SQLException {
        Map<String, ColumnSequence> sourceSeqs = read(source, tables);
        Map<String, ColumnSequence> targetSeqs = read(target, tables);
        List<SetSequence> set = new ArrayList<>();
        Set<String> done = new java.util.HashSet<>();
        for (Map.Entry<String, ColumnSequence> e : sourceSeqs.entrySet()) {
            ColumnSequence there = targetSeqs.get(e.getKey());
            Long value = e.getValue().lastValue();
            if (there == null || value == null || !done.add(there.sequence())) {
                continue;
            }
            long to = append && there.lastValue() != null ? Math.max(value, there.lastValue()) : value;
            try (PreparedStatement ps = target.prepareStatement("SELECT setval(?::regclass, ?, true)")) {
                ps.setString(1, there.sequence());
                ps.setLong(2, to);
                ps.execute();
            }
            int dot = e.getKey().lastIndexOf('\u0000');
            set.add(new SetSequence(
                    e.getKey().substring(0, dot), e.getKey().substring(dot + 1), there.sequence(), value, to));
        }
        return set;
    }

    /**
     * Sequences {@code --create-tables} made that no column owns (one a function draws from, say): set to the source's
     * value, or a new row would take a number the copied rows already hold.
     */
    public static List<SetSequence> applyCreated(Connection source, Connection target, List<QualifiedName> sequences)
            throws SQLException {
        List<SetSequence> set = new ArrayList<>();
        for (QualifiedName name : sequences) {
            Long value = null;
            try (PreparedStatement ps = source.prepareStatement(
                    "SELECT last_value FROM pg_sequences WHERE schemaname = ? AND sequencename = ?")) {
                ps.setString(1, name.schema());
                ps.setString(2, name.name());
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        long v = rs.getLong(1);
                        value = rs.wasNull() ? null : v;
                    }
                }
            }
            if (value == null) {
                continue; // never used on the source, or not readable there: it starts where the source's would
            }
            try (PreparedStatement ps = target.prepareStatement("SELECT setval(?::regclass, ?, true)")) {
                ps.setString(1, QualifiedNames.sql(name));
                ps.setLong(2, value);
                ps.execute();
            }
            set.add(new SetSequence(null, null, QualifiedNames.sql(name), value, value));
        }
        return set;
    }

    /** table NUL column → the sequence (as regclass text) and its last value; one query. */
    private static Map<String, ColumnSequence> read(Connection conn, List<QualifiedName> tables) throws SQLException {
        Array names = conn.createArrayOf(
                "text", tables.stream().map(QualifiedNames::sql).toArray());
        Map<String, ColumnSequence> out = new LinkedHashMap<>();
        try (PreparedStatement ps = conn.prepareStatement("""
                WITH wanted AS (SELECT to_regclass(x) AS rel FROM unnest(?::text[]) x),
                used AS (
                  SELECT d.refobjid AS rel, d.refobjsubid AS attnum, d.objid AS seq
                    FROM pg_depend d JOIN pg_class s ON s.oid = d.objid AND s.relkind = 'S'
                   WHERE d.classid = 'pg_class'::regclass AND d.refclassid = 'pg_class'::regclass
                     AND d.deptype IN ('a', 'i') AND d.refobjsubid > 0
                  UNION
                  SELECT ad.adrelid, ad.adnum, d.refobjid
                    FROM pg_attrdef ad
                    JOIN pg_depend d ON d.classid = 'pg_attrdef'::regclass AND d.objid = ad.oid
                                    AND d.refclassid = 'pg_class'::regclass
                    JOIN pg_class s ON s.oid = d.refobjid AND s.relkind = 'S')
                SELECT quote_ident(tn.nspname) || '.' || quote_ident(t.relname), a.attname,
                       quote_ident(n.nspname) || '.' || quote_ident(s.relname), ps.last_value
                  FROM used u
                  JOIN wanted w ON w.rel = u.rel
                  JOIN pg_class t ON t.oid = u.rel JOIN pg_namespace tn ON tn.oid = t.relnamespace
                  JOIN pg_attribute a ON a.attrelid = u.rel AND a.attnum = u.attnum
                  JOIN pg_class s ON s.oid = u.seq JOIN pg_namespace n ON n.oid = s.relnamespace
                  LEFT JOIN pg_sequences ps ON ps.schemaname = n.nspname AND ps.sequencename = s.relname
                 ORDER BY 1, 2""")) {
            ps.setArray(1, names);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    long last = rs.getLong(4);
                    out.put(
                            rs.getString(1) + '\u0000' + rs.getString(2),
                            new ColumnSequence(rs.getString(3), rs.wasNull() ? null : last));
                }
            }
        }
        return out;
    }
}
