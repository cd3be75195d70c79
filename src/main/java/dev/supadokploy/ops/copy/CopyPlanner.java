package dev.supadokploy.ops.copy;

import dev.supadokploy.errors.ErrorCode;
import dev.supadokploy.errors.SupaException;
import dev.supadokploy.pg.PgIdentifiers;
import dev.supadokploy.pg.catalog.Catalog;
import dev.supadokploy.pg.catalog.Column;
import dev.supadokploy.pg.catalog.Constraint;
import dev.supadokploy.pg.catalog.QualifiedName;
import dev.supadokploy.pg.catalog.Schema;
import dev.supadokploy.pg.catalog.Table;
import dev.supadokploy.pg.copy.KeyRange;
import dev.supadokploy.pg.copy.RowChecksum;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/** Turns the two catalogs and the chosen tables into {@link TablePlan}s, refusing what a copy cannot do. */
public final class CopyPlanner {
    private CopyPlanner() {}

    /** Tables of a catalog by name. */
    public static Map<QualifiedName, Table> tables(Catalog catalog) {
        Map<QualifiedName, Table> tables = new LinkedHashMap<>();
        for (Schema s : catalog.schemas()) {
            if (s.managed()) {
                continue; // only what the application put on the platform's tables: their rows are not the
                // application's
            }
            for (Table t : s.tables()) {
                tables.put(new QualifiedName(s.name(), t.name()), t);
            }
        }
        return tables;
    }

    /**
     * The tables a selection copies: a partition is copied through its partitioned root when the root is copied too
     * (COPY into the root routes each row to its partition), else on its own.
     */
    public static List<QualifiedName> withoutCoveredPartitions(
            List<QualifiedName> selected, Map<QualifiedName, Table> source) {
        Set<QualifiedName> chosen = new HashSet<>(selected);
        return selected.stream()
                .filter(name -> {
                    QualifiedName parent = source.get(name).partitionOf();
                    while (parent != null) {
                        if (chosen.contains(parent)) {
                            return false;
                        }
                        Table p = source.get(parent);
                        parent = p == null ? null : p.partitionOf();
                    }
                    return true;
                })
                .toList();
    }

    public static List<QualifiedName> missingOnTarget(List<QualifiedName> selected, Map<QualifiedName, Table> target) {
        return selected.stream().filter(n -> !target.containsKey(n)).toList();
    }

    /**
     * What each side knows beyond its catalog: sizes, columns whose binary COPY form names type OIDs, and columns whose
     * type's own hash agrees between databases (table.column → base type name).
     */
    public record SideFacts(
            Map<QualifiedName, Long> bytes, Set<String> binaryUnsafeColumns, Map<String, String> hashableColumns) {}

    /**
     * Built-in types whose hash function depends only on the value (those of hash partitioning), and arrays of them.
     * Enums hash their OID, json, xml, money and geometric types have no hash function: they go through text.
     */
    private static final String HASHABLE_TYPES =
            "{int2,int4,int8,oid,bool,char,name,text,varchar,bpchar,bytea,uuid,date,time,"
                    + "timetz,timestamp,timestamptz,interval,numeric,float4,float8,jsonb,inet,cidr,macaddr,macaddr8,pg_lsn}";

    public static List<TablePlan> plan(
            List<QualifiedName> selected,
            Catalog sourceCatalog,
            Catalog targetCatalog,
            SideFacts sourceFacts,
            SideFacts targetFacts) {
        Map<QualifiedName, Table> source = tables(sourceCatalog);
        Map<QualifiedName, Table> target = tables(targetCatalog);
        boolean sameMajor = sourceCatalog.serverVersionNum() / 10000 == targetCatalog.serverVersionNum() / 10000;
        boolean recordHash = Math.min(sourceCatalog.serverVersionNum(), targetCatalog.serverVersionNum()) >= 140000;
        Set<QualifiedName> chosen = new HashSet<>(selected);
        List<String> problems = new ArrayList<>();
        List<TablePlan> plans = new ArrayList<>();
        for (QualifiedName name : selected) {
            Table s = source.get(name);
            Table t = target.get(name);
            List<String> columns = new ArrayList<>();
            List<String> hashItems = new ArrayList<>();
            boolean binary = sameMajor;
            for (Column c : s.columns()) {
                if (c.generated() != null) {
                    continue;
                }
                Optional<Column> tc = t.column(c.name());
                if (tc.isEmpty()) {
                    problems.add(name + "." + c.name() + " is missing on the target");
                    continue;
                }
                if (tc.get().generated() != null) {
                    problems.add(name + "." + c.name() + " is a generated column on the target");
                    continue;
                }
                columns.add(c.name());
                String key = name + "." + c.name();
                String hashType = sourceFacts.hashableColumns().get(key);
                String quoted = PgIdentifiers.quote(c.name());
                hashItems.add(
                        hashType != null
                                        && hashType.equals(
                                                targetFacts.hashableColumns().get(key))
                                ? quoted
                                : RowChecksum.RowHash.asText(quoted));
                binary &= c.type().equals(tc.get().type())
                        && !sourceFacts.binaryUnsafeColumns().contains(key)
                        && !targetFacts.binaryUnsafeColumns().contains(key);
            }
            for (Column tc : t.columns()) {
                boolean filled = columns.contains(tc.name())
                        || tc.generated() != null
                        || tc.identity() != null
                        || tc.defaultExpression() != null
                        || !tc.notNull();
                if (!filled) {
                    problems.add(name + "." + tc.name()
                            + " on the target is NOT NULL without a default, and the source has no such column");
                }
            }
            if (columns.isEmpty() && problems.isEmpty()) {
                problems.add(name + " has no column to copy");
            }
            plans.add(new TablePlan(
                    name,
                    List.copyOf(columns),
                    relation(name, source),
                    relation(name, target),
                    binary,
                    splitKey(s).orElse(null),
                    splitKey(s).map(k -> s.column(k).orElseThrow().type()).orElse(null),
                    sourceFacts.bytes().getOrDefault(name, 0L),
                    s.rowEstimate() == null ? -1 : s.rowEstimate(),
                    references(t, name, chosen),
                    !Table.KIND_PARTITIONED.equals(s.kind()),
                    recordHash
                            ? new RowChecksum.RowHash(List.copyOf(hashItems), true)
                            : RowChecksum.RowHash.text(
                                    columns.stream().map(PgIdentifiers::quote).toList())));
        }
        if (!problems.isEmpty()) {
            throw new SupaException(
                    ErrorCode.MIGRATION_COLUMNS_MISMATCH,
                    "The target's tables do not fit the source's rows: "
                            + String.join("; ", problems.subList(0, Math.min(5, problems.size())))
                            + (problems.size() > 5 ? "; and " + (problems.size() - 5) + " more" : ""),
                    "Bring the target's schema in line first: supa-dokploy migrate diff --source … --target … prints the SQL. "
                            + "Nothing was copied.",
                    Map.of("problems", problems),
                    null);
        }
        return plans;
    }

    /** ONLY when plain-inheritance children exist: their rows are theirs, copied with them if chosen. */
    private static String relation(QualifiedName name, Map<QualifiedName, Table> tables) {
        Table table = tables.get(name);
        boolean hasChildren = !Table.KIND_PARTITIONED.equals(table.kind())
                && tables.values().stream().anyMatch(t -> t.inherits().contains(name));
        return (hasChildren ? "ONLY " : "") + QualifiedNames.sql(name);
    }

    private static Optional<String> splitKey(Table table) {
        return table.constraints().stream()
                .filter(c -> "primary_key".equals(c.type()) && c.columns().size() == 1)
                .map(c -> c.columns().get(0))
                .filter(col -> table.column(col)
                        .map(c -> KeyRange.splittable(c.type()))
                        .orElse(false))
                .findFirst();
    }

    private static Set<QualifiedName> references(Table target, QualifiedName name, Set<QualifiedName> chosen) {
        Set<QualifiedName> refs = new TreeSet<>(QualifiedName.ORDER);
        for (Constraint c : target.constraints()) {
            if ("foreign_key".equals(c.type())
                    && c.referencedTable() != null
                    && !c.referencedTable().equals(name)
                    && chosen.contains(c.referencedTable())) {
                refs.add(c.referencedTable());
            }
        }
        return refs;
    }

    /** One query: each table's size on disk (a partitioned table's is its leaves' sum) and the binary-unsafe columns. */
    public static SideFacts facts(Connection conn, List<String> schemas) throws SQLException {
        Map<QualifiedName, Long> bytes = new HashMap<>();
        Set<String> unsafe = new HashSet<>();
        Map<String, String> hashable = new HashMap<>();
        Array names = conn.createArrayOf("text", schemas.toArray());
        try (PreparedStatement ps = conn.prepareStatement("""
                SELECT n.nspname, c.relname,
                       CASE WHEN c.relkind = 'p'
                            THEN (SELECT coalesce(sum(pg_table_size(p.relid)), 0) FROM pg_partition_tree(c.oid) p WHERE p.isleaf)
                            ELSE pg_table_size(c.oid) END,
                       ARRAY(SELECT a.attname::text
                               FROM pg_attribute a
                               JOIN pg_type t ON t.oid = a.atttypid
                               JOIN pg_type b ON b.oid = CASE WHEN t.typtype = 'd' THEN t.typbasetype ELSE t.oid END
                              WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
                                AND NOT (b.typtype = 'e'
                                         OR (b.oid < 16384 AND b.typtype NOT IN ('c', 'd') AND (b.typelem = 0 OR b.typelem < 16384)))),
                       ARRAY(SELECT a.attname::text || ':' || b.typname
                               FROM pg_attribute a
                               JOIN pg_type t ON t.oid = a.atttypid
                               JOIN pg_type b ON b.oid = CASE WHEN t.typtype = 'd' THEN t.typbasetype ELSE t.oid END
                               LEFT JOIN pg_type e ON e.oid = b.typelem AND b.typcategory = 'A'
                              WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped AND b.oid < 16384
                                AND a.attcollation IN (0, 100, 950)
                                AND coalesce(e.typname, b.typname) = ANY (?::text[]))
                  FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                 WHERE c.relkind IN ('r', 'p') AND n.nspname = ANY (?)""")) {
            ps.setString(1, HASHABLE_TYPES);
            ps.setArray(2, names);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    QualifiedName name = new QualifiedName(rs.getString(1), rs.getString(2));
                    bytes.put(name, rs.getLong(3));
                    for (String column : (String[]) rs.getArray(4).getArray()) {
                        unsafe.add(name + "." + column);
                    }
                    for (String columnType : (String[]) rs.getArray(5).getArray()) {
                        int colon = columnType.lastIndexOf(':');
                        hashable.put(name + "." + columnType.substring(0, colon), columnType.substring(colon + 1));
                    }
                }
            }
        }
        return new SideFacts(bytes, unsafe, hashable);
    }
}
