package dev.supadokploy.ops.migrate;

import static dev.supadokploy.pg.PgIdentifiers.quote;

import dev.supadokploy.ops.Cancellation;
import dev.supadokploy.ops.copy.QualifiedNames;
import dev.supadokploy.pg.PgErrors;
import dev.supadokploy.pg.catalog.Constraint;
import dev.supadokploy.pg.catalog.QualifiedName;
import dev.supadokploy.pg.catalog.Table;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * The foreign keys of the copied tables, and whether the rows loaded satisfy them. A load with
 * {@code session_replication_role = replica} checks no key at all, and a key into a table the run does not copy
 * points at whatever the target holds: PostgreSQL never looked, so this does, after loading, with one anti-join per
 * key (a row count, and a few distinct keys when some dangle).
 */
final class ForeignKeys {
    static final int SAMPLES = 5;

    /** One foreign key of a copied table, as the catalog states it. */
    record Reference(
            QualifiedName table,
            boolean tableIsPlain,
            String constraint,
            List<String> columns,
            QualifiedName referencedTable,
            boolean referencedIsPlain,
            List<String> referencedColumns,
            boolean full,
            String definition,
            boolean validated) {
        String shown() {
            return table + "." + constraint;
        }

        /** The same key: the same constraint of the same table, defined alike. */
        boolean sameKey(Reference other) {
            return table.equals(other.table)
                    && constraint.equals(other.constraint)
                    && definition.equals(other.definition);
        }
    }

    /** What checking found: the keys that dangle, and how many keys were checked and could not be. */
    record Outcome(List<MigrateDataOperation.DanglingReference> dangling, int checked, int unchecked) {}

    private ForeignKeys() {}

    /**
     * The foreign keys of {@code copied} in {@code tables}. A partition's key cloned from its partitioned table is left
     * out when that table is copied too: checking the parent covers every partition.
     */
    static List<Reference> of(Map<QualifiedName, Table> tables, Set<QualifiedName> copied) {
        List<Reference> out = new ArrayList<>();
        for (QualifiedName name : copied) {
            Table t = tables.get(name);
            if (t == null) {
                continue;
            }
            boolean coveredByParent = t.partitionOf() != null && copied.contains(t.partitionOf());
            for (Constraint c : t.constraints()) {
                if ("foreign_key".equals(c.type())
                        && c.referencedTable() != null
                        && !(c.inherited() && coveredByParent)) {
                    Table referenced = tables.get(c.referencedTable());
                    out.add(new Reference(
                            name,
                            plain(t),
                            c.name(),
                            c.columns(),
                            c.referencedTable(),
                            referenced != null && plain(referenced),
                            c.referencedColumns(),
                            "FULL".equals(c.matchType()),
                            c.definition(),
                            c.validated()));
                }
            }
        }
        return out;
    }

    private static boolean plain(Table t) {
        return Table.KIND_TABLE.equals(t.kind());
    }

    /**
     * The plan's warning, one per table the selection leaves out that a copied table's foreign key references: its
     * rows must already be on the target, or the copied rows point at nothing.
     */
    static List<String> leftOut(List<Reference> references, Set<QualifiedName> copied) {
        Map<QualifiedName, List<String>> byTable = new TreeMap<>(QualifiedName.ORDER);
        references.stream()
                .filter(r -> !copied.contains(r.referencedTable()))
                .forEach(r -> byTable.computeIfAbsent(r.referencedTable(), k -> new ArrayList<>())
                        .add(r.shown()));
        List<String> warnings = new ArrayList<>();
        byTable.forEach((table, keys) -> warnings.add("The selection leaves out " + table + ", which " + keys.size()
                + " foreign key(s) of the copied tables reference (" + String.join(", ", keys)
                + "): the rows they point at "
                + "must already be on the target. They are checked after loading; to copy " + table + " too, add it to "
                + "--tables (MCP: tables)"));
        return warnings;
    }

    /**
     * Checks, in the target, the keys PostgreSQL did not check while loading: those into tables this run did not copy
     * (whatever the load did: a login whose sessions default to the replica role, or a superuser who disabled the
     * constraint's triggers, bypasses them too) and, when the load ran as replica, the keys among copied tables that
     * may not hold. Those hold when the source validated the same key and every row came from one moment of it
     * ({@code heldInSource}): the rows are the source's, which satisfied it. Not when the source's constraint is NOT
     * VALID over old rows, when the tables were read at different moments (a source that could not export a snapshot,
     * a run resumed from an earlier one), or when rows were appended: those are checked, one scan per key.
     *
     * @param heldInSource the source's keys among the copied tables that hold in the copy as they held there (empty when
     *                     the rows are not all of one moment)
     */
    static Outcome check(
            Connection tgt,
            List<Reference> references,
            Set<QualifiedName> copied,
            boolean replicaRole,
            List<Reference> heldInSource,
            Cancellation cancellation,
            List<String> warnings)
            throws SQLException {
        List<MigrateDataOperation.DanglingReference> dangling = new ArrayList<>();
        int checked = 0;
        int unchecked = 0;
        for (Reference r : references) {
            boolean intoCopied = copied.contains(r.referencedTable());
            if (intoCopied && (!replicaRole || heldInSource.stream().anyMatch(h -> h.validated() && h.sameKey(r)))) {
                continue; // the target checked each row as it arrived, or the source did
            }
            cancellation.throwIfCancelled();
            try {
                long rows = scalar(tgt, "SELECT count(*) " + from(r), cancellation);
                if (rows > 0) {
                    dangling.add(new MigrateDataOperation.DanglingReference(
                            r.table().toString(),
                            r.constraint(),
                            r.columns(),
                            r.referencedTable().toString(),
                            r.referencedColumns(),
                            rows,
                            samples(tgt, r, cancellation),
                            remedy(r, intoCopied)));
                }
                checked++;
            } catch (SQLException e) {
                String state = e.getSQLState() == null ? "" : e.getSQLState();
                cancellation.throwIfCancelled();
                if (state.startsWith("08") || state.startsWith("57P")) {
                    throw e;
                }
                unchecked++;
                warnings.add("Could not check foreign key " + r.shown() + " on the target: "
                        + PgErrors.firstLine(e.getMessage()));
            }
        }
        return new Outcome(dangling, checked, unchecked);
    }

    /**
     * The rows of the key's table whose key matches no row of the referenced table. MATCH SIMPLE exempts a key with any
     * NULL in it; MATCH FULL only an all-NULL one (a partly NULL key matches nothing, so it counts). ONLY as
     * PostgreSQL's own check reads a plain table (ri_triggers.c): rows of its inheritance children neither hold the key
     * nor satisfy it; a partitioned table is read whole, and so is a referenced table outside the catalog read (its kind
     * unknown here; auth.users has no children).
     */
    static String from(Reference r) {
        String exempt = r.full()
                ? "NOT ("
                        + r.columns().stream()
                                .map(c -> "c." + quote(c) + " IS NULL")
                                .collect(Collectors.joining(" AND "))
                        + ")"
                : r.columns().stream()
                        .map(c -> "c." + quote(c) + " IS NOT NULL")
                        .collect(Collectors.joining(" AND "));
        String match = IntStream.range(0, r.columns().size())
                .mapToObj(i -> "p." + quote(r.referencedColumns().get(i)) + " = c."
                        + quote(r.columns().get(i)))
                .collect(Collectors.joining(" AND "));
        return "FROM " + (r.tableIsPlain() ? "ONLY " : "") + QualifiedNames.sql(r.table()) + " c WHERE " + exempt
                + " AND NOT EXISTS (SELECT 1 FROM " + (r.referencedIsPlain() ? "ONLY " : "")
                + QualifiedNames.sql(r.referencedTable())
                + " p WHERE " + match + ")";
    }

    /** Up to {@value #SAMPLES} distinct dangling keys, as PostgreSQL's own error shows one: (user_id)=(a0…). */
    private static List<String> samples(Connection tgt, Reference r, Cancellation cancellation) throws SQLException {
        String key = r.columns().size() == 1
                ? "c." + quote(r.columns().get(0)) + "::text"
                : "row(" + r.columns().stream().map(c -> "c." + quote(c)).collect(Collectors.joining(", ")) + ")::text";
        String columns = "(" + String.join(", ", r.columns()) + ")=";
        List<String> samples = new ArrayList<>();
        inTransaction(
                tgt, "SELECT DISTINCT " + key + " " + from(r) + " ORDER BY 1 LIMIT " + SAMPLES, cancellation, rs -> {
                    while (rs.next()) {
                        samples.add(
                                columns + (r.columns().size() == 1 ? "(" + rs.getString(1) + ")" : rs.getString(1)));
                    }
                    return null;
                });
        return samples;
    }

    private static String remedy(Reference r, boolean intoCopied) {
        if (!intoCopied) {
            return r.referencedTable()
                    + " was not copied and the target lacks these keys: copy it first, or run again with "
                    + r.referencedTable() + " added to --tables (MCP: tables) and --truncate";
        }
        return r.referencedTable()
                + " was copied too, so the source's rows dangle as well (its constraint NOT VALID over old rows), "
                + "or the tables were read at different moments (no shared snapshot, or a resumed run): check "
                + r.shown()
                + " on the source, then run again with --truncate";
    }

    private static long scalar(Connection tgt, String sql, Cancellation cancellation) throws SQLException {
        return inTransaction(tgt, sql, cancellation, rs -> {
            rs.next();
            return rs.getLong(1);
        });
    }

    private interface Rows<T> {
        T read(ResultSet rs) throws SQLException;
    }

    /**
     * A read-only transaction with row security off: a policy hiding referenced rows from this login would make keys
     * look dangling, so such a check fails instead (and says so) rather than counting them.
     */
    private static <T> T inTransaction(Connection tgt, String sql, Cancellation cancellation, Rows<T> rows)
            throws SQLException {
        tgt.setAutoCommit(false);
        try (Statement s = tgt.createStatement();
                Cancellation.Registration stop = cancellation.onCancel(() -> cancel(s))) {
            s.execute("SET TRANSACTION READ ONLY");
            s.execute("SET LOCAL row_security = off");
            try (ResultSet rs = s.executeQuery(sql)) {
                return rows.read(rs);
            }
        } finally {
            try {
                tgt.rollback();
            } finally {
                tgt.setAutoCommit(true);
            }
        }
    }

    private static void cancel(Statement s) {
        try {
            s.cancel();
        } catch (SQLException e) {
            // best effort: the query ends on its own, and the caller sees the cancellation
        }
    }
}
