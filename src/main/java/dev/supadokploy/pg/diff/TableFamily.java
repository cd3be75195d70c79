package dev.supadokploy.pg.diff;

import static dev.supadokploy.pg.PgIdentifiers.qualified;
import static dev.supadokploy.pg.PgIdentifiers.quote;

import dev.supadokploy.pg.catalog.Catalog;
import dev.supadokploy.pg.catalog.Column;
import dev.supadokploy.pg.catalog.Constraint;
import dev.supadokploy.pg.catalog.Index;
import dev.supadokploy.pg.catalog.QualifiedName;
import dev.supadokploy.pg.catalog.Schema;
import dev.supadokploy.pg.catalog.Table;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Schemas, tables (partitioned, partitions, unlogged, inheritance, storage options), columns, constraints and
 * indexes. Alters in place where PostgreSQL allows it; a table is dropped and created again only when its kind or
 * partitioning changes. A column type change or drop rebuilds what uses that column (views, policies, triggers,
 * indexes and constraints), as {@code pg_depend} records it per column.
 */
final class TableFamily implements DiffFamily {
    /** True during the first constraint pass, which only marks what must be rebuilt. */
    private boolean marking;

    @Override
    public void diff(DiffContext ctx) {
        Set<String> schemas = ctx.schemaNames();
        List<Runnable> constraintPasses = new ArrayList<>();
        for (String name : schemas) {
            if (ctx.managed(name)) {
                continue; // the platform's tables: never made, changed or dropped here
            }
            Optional<Schema> source = ctx.sourceSchema(name);
            Optional<Schema> target = ctx.targetSchema(name);
            if (source.isPresent() && target.isEmpty()) {
                ctx.emit(Change.create(
                        "schema",
                        name,
                        Phase.CREATE_SCHEMAS,
                        ObjectKey.schema(name),
                        "CREATE SCHEMA " + quote(name) + ";"));
            } else if (source.isEmpty()) {
                ctx.emit(Change.drop(
                                "schema",
                                name,
                                Phase.DROP_SCHEMAS,
                                ObjectKey.schema(name),
                                "DROP SCHEMA " + quote(name) + ";")
                        .withHazard(Hazard.breaksClients("removes schema " + name)));
            }
            Map<String, Table> before = byName(target.map(Schema::tables).orElse(List.of()), Table::name);
            Map<String, Table> after = byName(source.map(Schema::tables).orElse(List.of()), Table::name);
            for (Table table : after.values()) {
                Table existing = before.get(table.name());
                if (existing == null) {
                    createTable(ctx, name, table);
                    constraintPasses.add(() -> constraintsAndIndexes(ctx, name, table, null));
                } else if (mustRecreate(existing, table)) {
                    dropTable(
                            ctx,
                            name,
                            existing,
                            "its kind or partitioning changes (" + shape(existing) + " → " + shape(table) + ")");
                    createTable(ctx, name, table);
                    constraintPasses.add(() -> constraintsAndIndexes(ctx, name, table, null));
                } else {
                    alterTable(ctx, name, existing, table);
                    constraintPasses.add(() -> constraintsAndIndexes(ctx, name, table, existing));
                }
            }
            for (Table table : before.values()) {
                if (!after.containsKey(table.name())) {
                    dropTable(ctx, name, table, "the table is gone from the source");
                }
            }
        }
        // after every table, and in two passes: a constraint dropped anywhere (a primary key made again) must first
        // mark the foreign keys that reference it, wherever they are, before any foreign key is compared
        marking = true;
        constraintPasses.forEach(Runnable::run);
        marking = false;
        constraintPasses.forEach(Runnable::run);
    }

    // ---- tables ----------------------------------------------------------------------------------------------

    static boolean mustRecreate(Table existing, Table table) {
        return !Objects.equals(existing.kind(), table.kind())
                || !Objects.equals(existing.partitionKey(), table.partitionKey())
                || !Objects.equals(existing.partitionOf(), table.partitionOf())
                        && (existing.partitionOf() == null) != (table.partitionOf() == null);
    }

    private static String shape(Table t) {
        return t.kind()
                + (t.partitionKey() == null ? "" : " by " + t.partitionKey())
                + (t.partitionOf() == null ? "" : " partition of " + t.partitionOf());
    }

    private static void createTable(DiffContext ctx, String schema, Table table) {
        String name = qualified(schema, table.name());
        StringBuilder sql = new StringBuilder("CREATE ")
                .append(table.unlogged() ? "UNLOGGED " : "")
                .append("TABLE ")
                .append(name);
        Set<String> requires = new TreeSet<>();
        requires.add(ObjectKey.schema(schema));
        if (table.partitionOf() != null) {
            sql.append(" PARTITION OF ")
                    .append(qualified(
                            table.partitionOf().schema(), table.partitionOf().name()))
                    .append(' ')
                    .append(table.partitionBound());
            requires.add(ObjectKey.relation(
                    table.partitionOf().schema(), table.partitionOf().name()));
        } else {
            List<String> columns = table.columns().stream()
                    .filter(c -> !c.inherited())
                    .map(TableFamily::columnDefinition)
                    .toList();
            sql.append(" (")
                    .append(columns.isEmpty() ? "" : "\n    " + String.join(",\n    ", columns) + "\n")
                    .append(')');
            if (!table.inherits().isEmpty()) {
                sql.append(" INHERITS (")
                        .append(table.inherits().stream()
                                .map(q -> qualified(q.schema(), q.name()))
                                .collect(Collectors.joining(", ")))
                        .append(')');
                table.inherits().forEach(q -> requires.add(ObjectKey.relation(q.schema(), q.name())));
            }
            if (table.partitionKey() != null) {
                sql.append(" PARTITION BY ").append(table.partitionKey());
            }
        }
        if (!table.options().isEmpty()) {
            sql.append(" WITH (").append(String.join(", ", table.options())).append(')');
        }
        sql.append(';');
        ctx.emit(Change.create(
                        "table",
                        schema + "." + table.name(),
                        Phase.CREATE_TABLES,
                        ObjectKey.relation(schema, table.name()),
                        sql.toString())
                .requiring(requires));
        if (table.replicaIdentity() != null
                && !"default".equals(table.replicaIdentity())
                && !"index".equals(table.replicaIdentity())) {
            ctx.emit(Change.alter(
                            "table",
                            schema + "." + table.name(),
                            Phase.ALTER_TABLES,
                            "ALTER TABLE " + name + " REPLICA IDENTITY "
                                    + table.replicaIdentity().toUpperCase(java.util.Locale.ROOT) + ";")
                    .requiring(Set.of(ObjectKey.relation(schema, table.name()))));
        }
    }

    static String columnDefinition(Column c) {
        StringBuilder sql = new StringBuilder(quote(c.name())).append(' ').append(c.type());
        if (c.collation() != null) {
            sql.append(" COLLATE ").append(c.collation());
        }
        if (c.generated() != null) {
            sql.append(" GENERATED ALWAYS AS (").append(c.generated()).append(") STORED");
        } else if (c.defaultExpression() != null) {
            sql.append(" DEFAULT ").append(c.defaultExpression());
        }
        if (c.notNull()) {
            sql.append(" NOT NULL");
        }
        if (c.identity() != null) {
            sql.append(" GENERATED ").append(c.identity()).append(" AS IDENTITY");
        }
        return sql.toString();
    }

    private static void dropTable(DiffContext ctx, String schema, Table table, String why) {
        String key = ObjectKey.relation(schema, table.name());
        ctx.rebuildDependentsOf(key);
        // foreign keys to other tables go first: two tables referencing each other could not be dropped otherwise
        for (Constraint c : ownConstraints(table)) {
            if ("foreign_key".equals(c.type())
                    && !new QualifiedName(schema, table.name()).equals(c.referencedTable())) {
                ctx.emit(Change.drop(
                        "constraint",
                        schema + "." + table.name() + "." + c.name(),
                        Phase.DROP_FOREIGN_KEYS,
                        constraintKey(schema, table, c),
                        "ALTER TABLE " + qualified(schema, table.name()) + " DROP CONSTRAINT " + quote(c.name())
                                + ";"));
            }
        }
        ctx.emit(Change.drop(
                        "table",
                        schema + "." + table.name(),
                        Phase.DROP_TABLES,
                        key,
                        "DROP TABLE " + qualified(schema, table.name()) + ";")
                .withHazard(Hazard.dropsData("drops table " + schema + "." + table.name() + " and its rows: " + why)));
    }

    private static void alterTable(DiffContext ctx, String schema, Table before, Table after) {
        String name = qualified(schema, after.name());
        String shown = schema + "." + after.name();
        String key = ObjectKey.relation(schema, after.name());
        if (before.unlogged() != after.unlogged()) {
            ctx.emit(Change.alter(
                            "table",
                            shown,
                            Phase.ALTER_TABLES,
                            "ALTER TABLE " + name + " SET " + (after.unlogged() ? "UNLOGGED" : "LOGGED") + ";")
                    .withHazard(Hazard.rewritesTable("changing persistence rewrites " + shown)));
        }
        if (!before.options().equals(after.options())) {
            List<String> reset = before.options().stream()
                    .map(o -> o.substring(0, o.indexOf('=')))
                    .filter(k -> after.options().stream().noneMatch(o -> o.startsWith(k + "=")))
                    .toList();
            if (!reset.isEmpty()) {
                ctx.emit(Change.alter(
                        "table",
                        shown,
                        Phase.ALTER_TABLES,
                        "ALTER TABLE " + name + " RESET (" + String.join(", ", reset) + ");"));
            }
            if (!after.options().isEmpty()) {
                ctx.emit(Change.alter(
                        "table",
                        shown,
                        Phase.ALTER_TABLES,
                        "ALTER TABLE " + name + " SET (" + String.join(", ", after.options()) + ");"));
            }
        }
        if (after.partitionOf() != null && !Objects.equals(before.partitionBound(), after.partitionBound())) {
            String parent =
                    qualified(after.partitionOf().schema(), after.partitionOf().name());
            ctx.emit(Change.alter(
                            "table",
                            shown,
                            Phase.ALTER_TABLES,
                            "ALTER TABLE " + parent + " DETACH PARTITION " + name + ";\n" + "ALTER TABLE " + parent
                                    + " ATTACH PARTITION " + name + " " + after.partitionBound() + ";")
                    .withHazard(Hazard.mayFailOnData("re-attaching " + shown + " with new bounds checks every row")));
        }
        for (QualifiedName parent : before.inherits()) {
            if (!after.inherits().contains(parent)) {
                ctx.emit(Change.alter(
                        "table",
                        shown,
                        Phase.ALTER_TABLES,
                        "ALTER TABLE " + name + " NO INHERIT " + qualified(parent.schema(), parent.name()) + ";"));
            }
        }
        if (!Objects.equals(before.replicaIdentity(), after.replicaIdentity())
                && !"index".equals(after.replicaIdentity())) {
            ctx.emit(Change.alter(
                    "table",
                    shown,
                    Phase.ALTER_TABLES,
                    "ALTER TABLE " + name + " REPLICA IDENTITY "
                            + (after.replicaIdentity() == null
                                    ? "DEFAULT"
                                    : after.replicaIdentity().toUpperCase(java.util.Locale.ROOT))
                            + ";"));
        }
        if (after.partitionOf() == null) {
            columns(ctx, schema, before, after, name, key);
        }
        // after the columns: INHERIT needs the child to have every column of the parent already
        for (QualifiedName parent : after.inherits()) {
            if (!before.inherits().contains(parent)) {
                ctx.emit(Change.alter(
                                "table",
                                shown,
                                Phase.ALTER_TABLES,
                                "ALTER TABLE " + name + " INHERIT " + qualified(parent.schema(), parent.name()) + ";")
                        .requiring(Set.of(ObjectKey.relation(parent.schema(), parent.name()))));
            }
        }
    }

    // ---- columns ---------------------------------------------------------------------------------------------

    /**
     * A column a parent kept on both sides gives is that parent's to add, alter and drop (its ALTER TABLE recurses).
     * The others are the child's: a column inherited only from parents it stops inheriting turns local with NO
     * INHERIT (so it is altered or dropped after that), and a new parent's columns must be there before INHERIT.
     */
    private static void columns(
            DiffContext ctx, String schema, Table before, Table after, String table, String tableKey) {
        Set<String> keptInTarget = parentColumns(ctx.target(), before, before, after);
        Set<String> keptInSource = parentColumns(ctx.source(), after, before, after);
        Map<String, Column> old = byName(
                before.columns().stream()
                        .filter(c -> !c.inherited() || !keptInTarget.contains(c.name()))
                        .toList(),
                Column::name);
        Map<String, Column> now = byName(after.columns(), Column::name);
        boolean hasRows = before.rowEstimate() == null || before.rowEstimate() != 0;
        for (Column column : old.values()) {
            if (!now.containsKey(column.name())) {
                ctx.rebuildDependentsOf(ObjectKey.column(schema, after.name(), column.name()));
                // a drop in the summary, but without a key: nothing else orders itself against a single column;
                // a column that was inherited can go only once NO INHERIT (emitted before) made it local
                ctx.emit(new Change(
                        "column",
                        schema + "." + after.name() + "." + column.name(),
                        Change.Action.drop,
                        "ALTER TABLE " + table + " DROP COLUMN " + quote(column.name()) + ";",
                        column.inherited() ? Phase.ALTER_TABLES : Phase.DROP_COLUMNS,
                        null,
                        Hazard.dropsData("drops column " + column.name() + " and its values"),
                        true,
                        Set.of()));
            }
        }
        for (Column column : now.values()) {
            if (column.inherited() && keptInSource.contains(column.name())) {
                continue;
            }
            String shown = schema + "." + after.name() + "." + column.name();
            Column was = old.get(column.name());
            if (was == null) {
                Change add = Change.alter(
                        "column",
                        shown,
                        Phase.ALTER_TABLES,
                        "ALTER TABLE " + table + " ADD COLUMN " + columnDefinition(column) + ";");
                if (column.generated() != null) {
                    add = add.withHazard(Hazard.rewritesTable("a stored generated column is computed for every row"));
                } else if (column.notNull()
                        && column.defaultExpression() == null
                        && column.identity() == null
                        && hasRows) {
                    add = add.withHazard(
                            Hazard.mayFailOnData("NOT NULL without a default fails if the table has rows"));
                }
                ctx.emit(new Change(
                        add.objectType(),
                        add.objectName(),
                        Change.Action.create,
                        add.sql(),
                        add.phase(),
                        null,
                        add.hazard(),
                        true,
                        Set.of(tableKey)));
                continue;
            }
            alterColumn(ctx, schema, after.name(), shown, was, column);
        }
    }

    /**
     * The names of the columns that the parents {@code table} inherits on both sides have in {@code catalog} (its
     * side); when such a parent was not read (its schema left out), all of the table's inherited columns.
     */
    private static Set<String> parentColumns(Catalog catalog, Table table, Table before, Table after) {
        List<Optional<Table>> kept = before.inherits().stream()
                .filter(after.inherits()::contains)
                .map(p -> catalog.schema(p.schema()).flatMap(s -> s.table(p.name())))
                .toList();
        List<Column> given = kept.stream().allMatch(Optional::isPresent)
                ? kept.stream().flatMap(t -> t.get().columns().stream()).toList()
                : table.columns().stream().filter(Column::inherited).toList();
        return given.stream().map(Column::name).collect(Collectors.toSet());
    }

    private static void alterColumn(
            DiffContext ctx, String schema, String tableName, String shown, Column was, Column now) {
        String table = qualified(schema, tableName);
        String alter = "ALTER TABLE " + table + " ALTER COLUMN " + quote(now.name());
        if (!Objects.equals(was.generated(), now.generated())) {
            // before PostgreSQL 17 a generation expression cannot change in place: the column is made again
            remakeGenerated(ctx, schema, tableName, now, "its generation expression changes", Set.of());
            return;
        }
        if (!Objects.equals(was.type(), now.type()) || !Objects.equals(was.collation(), now.collation())) {
            // PostgreSQL refuses the change while a view, rule, policy or trigger uses the column (and rebuilds the
            // indexes and constraints on it): what uses this column is dropped and made again, nothing else
            ctx.rebuildDependentsOf(ObjectKey.column(schema, tableName, now.name()));
            boolean defaultInTheWay = was.defaultExpression() != null;
            StringBuilder sql = new StringBuilder();
            if (defaultInTheWay) {
                sql.append(alter).append(" DROP DEFAULT;\n");
            }
            sql.append(alter).append(" TYPE ").append(now.type());
            if (now.collation() != null) {
                sql.append(" COLLATE ").append(now.collation());
            }
            sql.append(" USING ")
                    .append(quote(now.name()))
                    .append("::")
                    .append(now.type())
                    .append(';');
            ctx.emit(
                    Change.alter("column", shown, Phase.ALTER_TABLES, sql.toString())
                            .withHazard(
                                    Hazard.rewritesTable(
                                            "changing " + now.name() + " from " + was.type() + " to " + now.type()
                                                    + " rewrites the table under an exclusive lock and fails on values that do not convert")));
            if (defaultInTheWay && now.defaultExpression() != null) {
                ctx.emit(Change.alter(
                        "column", shown, Phase.ALTER_TABLES, alter + " SET DEFAULT " + now.defaultExpression() + ";"));
            }
        } else if (!Objects.equals(was.defaultExpression(), now.defaultExpression())) {
            ctx.emit(Change.alter(
                    "column",
                    shown,
                    Phase.ALTER_TABLES,
                    now.defaultExpression() == null
                            ? alter + " DROP DEFAULT;"
                            : alter + " SET DEFAULT " + now.defaultExpression() + ";"));
        }
        if (!Objects.equals(was.identity(), now.identity())) {
            String sql = was.identity() == null
                    ? alter + " ADD GENERATED " + now.identity() + " AS IDENTITY;"
                    : now.identity() == null
                            ? alter + " DROP IDENTITY;"
                            : alter + " SET GENERATED " + now.identity() + ";";
            ctx.emit(Change.alter("column", shown, Phase.ALTER_TABLES, sql));
        }
        if (was.notNull() != now.notNull()) {
            Change change = Change.alter(
                    "column",
                    shown,
                    Phase.ALTER_TABLES,
                    alter + (now.notNull() ? " SET NOT NULL;" : " DROP NOT NULL;"));
            ctx.emit(
                    now.notNull()
                            ? change.withHazard(
                                    Hazard.mayFailOnData("SET NOT NULL scans the table under an exclusive lock "
                                            + "and fails if a row holds NULL"))
                            : change);
        }
    }

    /**
     * Drops a stored generated column and adds it again (at the end of the table): its values are derived, so
     * nothing stored is lost, but every row is computed again. What uses the column is rebuilt around it; the drop
     * and the add carry the column's key, so those drops go before and those creates after.
     */
    static void remakeGenerated(
            DiffContext ctx, String schema, String tableName, Column now, String why, Set<String> requires) {
        String table = qualified(schema, tableName);
        String key = ObjectKey.column(schema, tableName, now.name());
        String shown = schema + "." + tableName + "." + now.name();
        ctx.rebuildDependentsOf(key);
        Set<String> needs = new TreeSet<>(requires);
        needs.add(ObjectKey.relation(schema, tableName));
        ctx.sourceDependencies().of(ObjectKey.relation(schema, tableName)).stream()
                .filter(k -> k.startsWith("function:"))
                .forEach(needs::add);
        // before the functions it calls are dropped, after what uses it is
        ctx.emit(Change.drop(
                        "column",
                        shown,
                        Phase.DROP_CONSTRAINTS,
                        key,
                        "ALTER TABLE " + table + " DROP COLUMN " + quote(now.name()) + ";")
                .withHazard(Hazard.rewritesTable("the stored generated column " + shown + " is dropped (" + why
                        + "): its values are derived, none is lost")));
        ctx.emit(
                Change.create(
                                "column",
                                shown,
                                Phase.ALTER_TABLES,
                                key,
                                "ALTER TABLE " + table + " ADD COLUMN " + columnDefinition(now) + ";")
                        .requiring(needs)
                        .withHazard(
                                Hazard.rewritesTable(
                                        "the stored generated column " + shown
                                                + " is added again at the end of the table and computed for every row under an exclusive lock")));
    }

    // ---- constraints and indexes -----------------------------------------------------------------------------

    private void constraintsAndIndexes(DiffContext ctx, String schema, Table table, Table existing) {
        String name = qualified(schema, table.name());
        String tableKey = ObjectKey.relation(schema, table.name());
        Map<String, Constraint> old = existing == null ? Map.of() : byName(ownConstraints(existing), Constraint::name);
        Map<String, Constraint> now = byName(ownConstraints(table), Constraint::name);
        for (Constraint c : old.values()) {
            Constraint wanted = now.get(c.name());
            if (wanted == null || !sameConstraint(c, wanted) || rebuilt(ctx, schema, table, c)) {
                ctx.rebuildDependentsOf(constraintKey(schema, table, c));
                if (marking) {
                    continue;
                }
                ctx.emit(Change.drop(
                        "constraint",
                        schema + "." + table.name() + "." + c.name(),
                        "foreign_key".equals(c.type()) ? Phase.DROP_FOREIGN_KEYS : Phase.DROP_CONSTRAINTS,
                        constraintKey(schema, table, c),
                        "ALTER TABLE " + name + " DROP CONSTRAINT " + quote(c.name()) + ";"));
            }
        }
        if (marking) {
            return;
        }
        for (Constraint c : now.values()) {
            Constraint had = old.get(c.name());
            if (had != null && sameConstraint(had, c) && !rebuilt(ctx, schema, table, had)) {
                continue;
            }
            Set<String> requires = new TreeSet<>(Set.of(tableKey));
            if (c.referencedTable() != null) {
                requires.add(ObjectKey.relation(
                        c.referencedTable().schema(), c.referencedTable().name()));
            }
            Change add = Change.create(
                            "constraint",
                            schema + "." + table.name() + "." + c.name(),
                            "foreign_key".equals(c.type()) ? Phase.CREATE_FOREIGN_KEYS : Phase.CREATE_CONSTRAINTS,
                            constraintKey(schema, table, c),
                            "ALTER TABLE " + name + " ADD CONSTRAINT " + quote(c.name()) + " " + c.definition() + ";")
                    .requiring(requires);
            if (existing != null && (existing.rowEstimate() == null || existing.rowEstimate() != 0)) {
                add = add.withHazard(Hazard.mayFailOnData("adding " + c.type().replace('_', ' ') + " " + c.name()
                        + " checks every existing row under a lock, and fails if one violates it"));
            }
            ctx.emit(add);
        }

        Map<String, Index> oldIndexes = existing == null ? Map.of() : byName(ownIndexes(existing), Index::name);
        Map<String, Index> newIndexes = byName(ownIndexes(table), Index::name);
        for (Index index : oldIndexes.values()) {
            Index wanted = newIndexes.get(index.name());
            if (wanted == null
                    || !index.definition().equals(wanted.definition())
                    || ctx.mustRebuild(ObjectKey.index(schema, index.name()))) {
                ctx.emit(Change.drop(
                        "index",
                        schema + "." + index.name(),
                        Phase.DROP_INDEXES,
                        ObjectKey.index(schema, index.name()),
                        "DROP INDEX " + qualified(schema, index.name()) + ";"));
            }
        }
        for (Index index : newIndexes.values()) {
            Index had = oldIndexes.get(index.name());
            if (had != null
                    && had.definition().equals(index.definition())
                    && !ctx.mustRebuild(ObjectKey.index(schema, index.name()))) {
                continue;
            }
            boolean online = existing != null && ctx.options().online() && table.partitionKey() == null;
            // pg_get_indexdef shows a partitioned table's index as ON ONLY, which would leave it invalid and its
            // partitions without theirs; without ONLY it is built on every partition too, as in the source.
            String definition = table.partitionKey() == null
                    ? index.definition()
                    : index.definition().replaceFirst(" ON ONLY ", " ON ");
            String sql = online
                    ? definition.replaceFirst("^CREATE (UNIQUE )?INDEX ", "CREATE $1INDEX CONCURRENTLY ")
                    : definition;
            Change create = Change.create(
                            "index",
                            schema + "." + index.name(),
                            Phase.CREATE_INDEXES,
                            ObjectKey.index(schema, index.name()),
                            sql + ";")
                    .requiring(Set.of(tableKey));
            if (online) {
                create = create.outsideTransaction();
            } else if (existing != null && (existing.rowEstimate() == null || existing.rowEstimate() > 0)) {
                create = create.withHazard(Hazard.longLock("building index " + index.name() + " blocks writes to "
                        + schema + "." + table.name() + " until it is done (--online builds it CONCURRENTLY)"));
            }
            ctx.emit(create);
        }
    }

    /**
     * A constraint an earlier change marked: what it uses is made again (a foreign key's referenced key, a column
     * made again, a type converted under it).
     */
    private static boolean rebuilt(DiffContext ctx, String schema, Table table, Constraint c) {
        return ctx.mustRebuild(constraintKey(schema, table, c));
    }

    /** Constraints a CREATE TABLE does not carry: inherited ones come from the parent, NOT NULL is the column's. */
    private static List<Constraint> ownConstraints(Table table) {
        return table.constraints().stream()
                .filter(c -> !c.inherited() && !"not_null".equals(c.type()) && !"constraint_trigger".equals(c.type()))
                .toList();
    }

    /** Indexes made by statements of their own: not those behind a constraint, not a partition's copy of its parent's. */
    private static List<Index> ownIndexes(Table table) {
        return table.indexes().stream()
                .filter(i -> i.constraint() == null && !i.inherited())
                .toList();
    }

    /** What foreign keys depend on is the index behind a primary key or unique constraint, so that is its key. */
    private static String constraintKey(String schema, Table table, Constraint c) {
        return c.index() != null
                ? ObjectKey.index(schema, c.index())
                : ObjectKey.constraint(schema, table.name(), c.name());
    }

    private static boolean sameConstraint(Constraint a, Constraint b) {
        return a.type().equals(b.type()) && a.definition().equals(b.definition());
    }

    static <T> Map<String, T> byName(List<T> items, Function<T, String> name) {
        Map<String, T> map = new java.util.LinkedHashMap<>();
        items.forEach(item -> map.put(name.apply(item), item));
        return map;
    }
}
