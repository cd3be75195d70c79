package dev.supadokploy.pg.diff;

import static dev.supadokploy.pg.PgIdentifiers.qualified;
import static dev.supadokploy.pg.PgIdentifiers.quote;
import static dev.supadokploy.pg.diff.TableFamily.byName;

import dev.supadokploy.pg.catalog.Column;
import dev.supadokploy.pg.catalog.CompositeType;
import dev.supadokploy.pg.catalog.Constraint;
import dev.supadokploy.pg.catalog.Domain;
import dev.supadokploy.pg.catalog.EnumType;
import dev.supadokploy.pg.catalog.Index;
import dev.supadokploy.pg.catalog.RangeType;
import dev.supadokploy.pg.catalog.Schema;
import dev.supadokploy.pg.catalog.Table;
import dev.supadokploy.pg.catalog.View;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * User-defined types: enums, composite types, domains and range types (extensions are {@link ExtensionFamily}'s).
 * Alters in place where PostgreSQL can (enum labels added, composite attributes, domain defaults and constraints);
 * otherwise the type is made again under its name: the old one is renamed aside, the new one created, the target's
 * columns of that type converted through text, and the old one dropped once nothing uses it.
 */
final class TypeFamily implements DiffFamily {

    private final List<UserType[]> unchanged = new ArrayList<>();
    private final List<String> unchangedSchemas = new ArrayList<>();
    private final List<Change> asideDrops = new ArrayList<>();

    /** One instance per diff (SchemaDiff makes them), so these lists live for one diff. */
    @Override
    public void diff(DiffContext ctx) {
        Set<String> schemas = ctx.schemaNames();
        for (String schema : schemas) {
            Optional<Schema> source = ctx.sourceSchema(schema);
            Optional<Schema> target = ctx.targetSchema(schema);
            List<UserType> before = types(target);
            Map<String, UserType> after = byName(types(source), UserType::name);
            Map<String, UserType> existing = byName(before, UserType::name);
            for (UserType type : after.values()) {
                UserType had = existing.get(type.name());
                if (had == null) {
                    ctx.emit(Change.create(
                                    "type",
                                    schema + "." + type.name(),
                                    Phase.CREATE_TYPES,
                                    type.key(schema),
                                    type.createSql(qualified(schema, type.name())))
                            .requiring(Set.of(ObjectKey.schema(schema))));
                } else if (!had.sameAs(type)) {
                    alter(ctx, schema, had, type);
                } else {
                    unchanged.add(new UserType[] {had, type});
                    unchangedSchemas.add(schema);
                }
            }
            for (UserType type : before) {
                if (!after.containsKey(type.name())) {
                    drop(ctx, schema, type.name(), type, type.key(schema), "the type is gone from the source");
                }
            }
        }
        // an unchanged type over one made again (a domain over an enum) is made again too, until none is left
        boolean more = true;
        while (more) {
            more = false;
            for (int i = 0; i < unchanged.size(); i++) {
                UserType had = unchanged.get(i)[0];
                if (had != null && ctx.mustRebuild(had.key(unchangedSchemas.get(i)))) {
                    unchanged.get(i)[0] = null;
                    recreate(ctx, unchangedSchemas.get(i), had, unchanged.get(i)[1]);
                    more = true;
                }
            }
        }
        // the types put aside go last and dependents first: a domain over an enum before the enum
        for (int i = asideDrops.size() - 1; i >= 0; i--) {
            ctx.emit(asideDrops.get(i));
        }
    }

    /** One user-defined type of any kind, so that kind changes and recreation are handled once. */
    private record UserType(String name, Object definition) {
        boolean sameAs(UserType other) {
            return kind().equals(other.kind()) && Objects.equals(comparable(), other.comparable());
        }

        String kind() {
            return definition instanceof EnumType
                    ? "enum"
                    : definition instanceof CompositeType
                            ? "composite"
                            : definition instanceof Domain ? "domain" : "range";
        }

        /** The definition without owner and comment (another family's job). */
        Object comparable() {
            if (definition instanceof EnumType e) {
                return e.labels();
            }
            if (definition instanceof CompositeType c) {
                return c.attributes().stream()
                        .map(a -> List.of(a.name(), a.type(), String.valueOf(a.collation())))
                        .toList();
            }
            if (definition instanceof Domain d) {
                return List.of(
                        d.baseType(),
                        d.notNull(),
                        String.valueOf(d.defaultExpression()),
                        String.valueOf(d.collation()),
                        d.constraints());
            }
            RangeType r = (RangeType) definition;
            return Stream.of(
                            r.subtype(),
                            r.subtypeOpclass(),
                            r.collation(),
                            r.canonical(),
                            r.subtypeDiff(),
                            r.multirange())
                    .map(String::valueOf)
                    .toList();
        }

        /** Composite types are relations in pg_depend's eyes (they have a pg_class row). */
        String key(String schema) {
            return key(schema, name);
        }

        String key(String schema, String typeName) {
            return definition instanceof CompositeType
                    ? ObjectKey.relation(schema, typeName)
                    : ObjectKey.type(schema, typeName);
        }

        String keyword() {
            return definition instanceof Domain ? "DOMAIN" : "TYPE";
        }

        String createSql(String qualifiedName) {
            if (definition instanceof EnumType e) {
                return "CREATE TYPE " + qualifiedName + " AS ENUM ("
                        + e.labels().stream().map(CommentFamily::literal).collect(Collectors.joining(", ")) + ");";
            }
            if (definition instanceof CompositeType c) {
                return "CREATE TYPE " + qualifiedName + " AS ("
                        + c.attributes().stream()
                                .map(a -> quote(a.name()) + " " + a.type()
                                        + (a.collation() == null ? "" : " COLLATE " + a.collation()))
                                .collect(Collectors.joining(", "))
                        + ");";
            }
            if (definition instanceof Domain d) {
                StringBuilder sql = new StringBuilder("CREATE DOMAIN ")
                        .append(qualifiedName)
                        .append(" AS ")
                        .append(d.baseType());
                if (d.collation() != null) {
                    sql.append(" COLLATE ").append(d.collation());
                }
                if (d.defaultExpression() != null) {
                    sql.append(" DEFAULT ").append(d.defaultExpression());
                }
                if (d.notNull()) {
                    sql.append(" NOT NULL");
                }
                // NOT VALID exists only in ALTER DOMAIN, so unvalidated constraints are added after
                d.constraints().stream()
                        .filter(Domain.DomainConstraint::validated)
                        .forEach(k -> sql.append(" CONSTRAINT ")
                                .append(quote(k.name()))
                                .append(' ')
                                .append(check(k)));
                sql.append(';');
                d.constraints().stream()
                        .filter(k -> !k.validated())
                        .forEach(k -> sql.append("\nALTER DOMAIN ")
                                .append(qualifiedName)
                                .append(" ADD CONSTRAINT ")
                                .append(quote(k.name()))
                                .append(' ')
                                .append(check(k))
                                .append(" NOT VALID;"));
                return sql.toString();
            }
            RangeType r = (RangeType) definition;
            StringBuilder sql = new StringBuilder("CREATE TYPE ")
                    .append(qualifiedName)
                    .append(" AS RANGE (SUBTYPE = ")
                    .append(r.subtype());
            if (r.subtypeOpclass() != null) {
                sql.append(", SUBTYPE_OPCLASS = ").append(r.subtypeOpclass());
            }
            if (r.collation() != null) {
                sql.append(", COLLATION = ").append(r.collation());
            }
            if (r.canonical() != null) {
                sql.append(", CANONICAL = ").append(r.canonical());
            }
            if (r.subtypeDiff() != null) {
                sql.append(", SUBTYPE_DIFF = ").append(r.subtypeDiff());
            }
            if (r.multirange() != null) {
                sql.append(", MULTIRANGE_TYPE_NAME = ").append(r.multirange());
            }
            return sql.append(");").toString();
        }
    }

    private static List<UserType> types(Optional<Schema> schema) {
        if (schema.isEmpty()) {
            return List.of();
        }
        Schema s = schema.get();
        List<UserType> types = new ArrayList<>();
        // an extension's own types (read when extension objects are included) come and go with it
        s.enums().stream().filter(t -> t.extension() == null).forEach(t -> types.add(new UserType(t.name(), t)));
        s.compositeTypes().stream()
                .filter(t -> t.extension() == null)
                .forEach(t -> types.add(new UserType(t.name(), t)));
        s.domains().stream().filter(t -> t.extension() == null).forEach(t -> types.add(new UserType(t.name(), t)));
        s.rangeTypes().stream().filter(t -> t.extension() == null).forEach(t -> types.add(new UserType(t.name(), t)));
        return types;
    }

    private void alter(DiffContext ctx, String schema, UserType had, UserType type) {
        if (had.kind().equals(type.kind())) {
            if (had.definition() instanceof EnumType old
                    && enumInPlace(ctx, schema, old, (EnumType) type.definition())) {
                return;
            }
            if (had.definition() instanceof CompositeType old
                    && compositeInPlace(ctx, schema, old, (CompositeType) type.definition())) {
                return;
            }
            if (had.definition() instanceof Domain old && domainInPlace(ctx, schema, old, (Domain) type.definition())) {
                return;
            }
        }
        recreate(ctx, schema, had, type);
    }

    /** Labels only added (the old ones keep their order): ADD VALUE each, placed next to a neighbour. */
    private static boolean enumInPlace(DiffContext ctx, String schema, EnumType old, EnumType now) {
        List<String> kept = now.labels().stream().filter(old.labels()::contains).toList();
        if (!kept.equals(old.labels()) || kept.isEmpty()) {
            return false;
        }
        String name = qualified(schema, now.name());
        List<String> added =
                now.labels().stream().filter(l -> !old.labels().contains(l)).toList();
        if (added.stream().anyMatch(l -> usedInSource(ctx, "'" + l.replace("'", "''") + "'::" + name))) {
            // a value added by ALTER TYPE cannot be used in the same transaction (PostgreSQL 12+), and the
            // statements that use it run inside it: make the type again instead, which the transaction may use
            return false;
        }
        List<String> labels = now.labels();
        for (int i = 0; i < labels.size(); i++) {
            String label = labels.get(i);
            if (old.labels().contains(label)) {
                continue;
            }
            String where = i > 0
                    ? " AFTER " + CommentFamily.literal(labels.get(i - 1))
                    : " BEFORE " + CommentFamily.literal(kept.get(0));
            Change add = Change.alter(
                    "type",
                    schema + "." + now.name(),
                    Phase.ALTER_TYPES,
                    "ALTER TYPE " + name + " ADD VALUE " + CommentFamily.literal(label) + where + ";");
            // before PostgreSQL 12, ADD VALUE cannot run inside a transaction block at all
            ctx.emit(ctx.target().serverVersionNum() < 120000 ? add.outsideTransaction() : add);
        }
        return true;
    }

    /** Whether a default, constraint, index or view of the source names {@code text}. */
    private static boolean usedInSource(DiffContext ctx, String text) {
        for (Schema s : ctx.source().schemas()) {
            for (Table t : s.tables()) {
                if (t.columns().stream().map(Column::defaultExpression).anyMatch(d -> d != null && d.contains(text))
                        || t.constraints().stream().map(Constraint::definition).anyMatch(d -> d.contains(text))
                        || t.indexes().stream().map(Index::definition).anyMatch(d -> d.contains(text))) {
                    return true;
                }
            }
            if (s.views().stream().map(View::definition).anyMatch(d -> d != null && d.contains(text))
                    || s.domains().stream()
                            .anyMatch(d -> d.defaultExpression() != null
                                            && d.defaultExpression().contains(text)
                                    || d.constraints().stream()
                                            .anyMatch(k -> k.definition().contains(text)))) {
                return true;
            }
        }
        return false;
    }

    /** Attributes dropped, added at the end or changing type, with the others keeping their order. */
    private static boolean compositeInPlace(DiffContext ctx, String schema, CompositeType old, CompositeType now) {
        Map<String, CompositeType.Attribute> was = byName(old.attributes(), CompositeType.Attribute::name);
        Map<String, CompositeType.Attribute> is = byName(now.attributes(), CompositeType.Attribute::name);
        List<String> resulting = new ArrayList<>(old.attributes().stream()
                .map(CompositeType.Attribute::name)
                .filter(is::containsKey)
                .toList());
        now.attributes().stream()
                .map(CompositeType.Attribute::name)
                .filter(n -> !was.containsKey(n))
                .forEach(resulting::add);
        if (!resulting.equals(
                now.attributes().stream().map(CompositeType.Attribute::name).toList())) {
            return false;
        }
        String name = qualified(schema, now.name());
        boolean retyped = now.attributes().stream()
                .anyMatch(a -> was.containsKey(a.name())
                        && (!was.get(a.name()).type().equals(a.type())
                                || !Objects.equals(was.get(a.name()).collation(), a.collation())));
        if (retyped && !columnsOfType(ctx, name).isEmpty()) {
            return false; // ALTER ATTRIBUTE … TYPE refuses a type that a column uses
        }
        String shown = schema + "." + now.name();
        List<String> actions = new ArrayList<>();
        Hazard hazard = null;
        for (CompositeType.Attribute a : old.attributes()) {
            if (!is.containsKey(a.name())) {
                actions.add("DROP ATTRIBUTE " + quote(a.name()));
                hazard = Hazard.dropsData(
                        "drops attribute " + a.name() + " of " + shown + " and its values in columns of the type");
            }
        }
        for (CompositeType.Attribute a : now.attributes()) {
            CompositeType.Attribute prior = was.get(a.name());
            String collate = a.collation() == null ? "" : " COLLATE " + a.collation();
            if (prior == null) {
                actions.add("ADD ATTRIBUTE " + quote(a.name()) + " " + a.type() + collate);
            } else if (!prior.type().equals(a.type()) || !Objects.equals(prior.collation(), a.collation())) {
                actions.add("ALTER ATTRIBUTE " + quote(a.name()) + " SET DATA TYPE " + a.type() + collate);
            }
        }
        Change change = Change.alter(
                "type", shown, Phase.ALTER_TYPES, "ALTER TYPE " + name + " " + String.join(", ", actions) + ";");
        ctx.emit(hazard == null ? change : change.withHazard(hazard));
        return true;
    }

    /** Same base type and collation: default, NOT NULL and constraints change in place. */
    private static boolean domainInPlace(DiffContext ctx, String schema, Domain old, Domain now) {
        if (!old.baseType().equals(now.baseType()) || !Objects.equals(old.collation(), now.collation())) {
            return false;
        }
        String alter = "ALTER DOMAIN " + qualified(schema, now.name());
        String shown = schema + "." + now.name();
        if (!Objects.equals(old.defaultExpression(), now.defaultExpression())) {
            ctx.emit(Change.alter(
                    "type",
                    shown,
                    Phase.ALTER_TYPES,
                    alter
                            + (now.defaultExpression() == null
                                    ? " DROP DEFAULT;"
                                    : " SET DEFAULT " + now.defaultExpression() + ";")));
        }
        if (old.notNull() != now.notNull()) {
            Change change = Change.alter(
                    "type", shown, Phase.ALTER_TYPES, alter + (now.notNull() ? " SET NOT NULL;" : " DROP NOT NULL;"));
            ctx.emit(
                    now.notNull()
                            ? change.withHazard(Hazard.mayFailOnData("SET NOT NULL on " + shown
                                    + " checks every column of the domain and fails if one holds NULL"))
                            : change);
        }
        Map<String, Domain.DomainConstraint> was = byName(old.constraints(), Domain.DomainConstraint::name);
        Map<String, Domain.DomainConstraint> is = byName(now.constraints(), Domain.DomainConstraint::name);
        for (Domain.DomainConstraint k : was.values()) {
            Domain.DomainConstraint wanted = is.get(k.name());
            if (wanted == null || !check(wanted).equals(check(k)) || k.validated() && !wanted.validated()) {
                ctx.emit(Change.alter(
                        "type", shown, Phase.ALTER_TYPES, alter + " DROP CONSTRAINT " + quote(k.name()) + ";"));
            }
        }
        for (Domain.DomainConstraint k : is.values()) {
            Domain.DomainConstraint prior = was.get(k.name());
            boolean kept = prior != null && check(prior).equals(check(k)) && !(prior.validated() && !k.validated());
            if (kept && prior.validated() == k.validated()) {
                continue;
            }
            Hazard check = Hazard.mayFailOnData(
                    "checks every value of " + shown + " in use, and fails if one violates " + k.name());
            if (kept) {
                ctx.emit(Change.alter(
                                "type",
                                shown,
                                Phase.ALTER_TYPES,
                                alter + " VALIDATE CONSTRAINT " + quote(k.name()) + ";")
                        .withHazard(check));
            } else {
                Change add = Change.alter(
                        "type",
                        shown,
                        Phase.ALTER_TYPES,
                        alter + " ADD CONSTRAINT " + quote(k.name()) + " " + check(k)
                                + (k.validated() ? "" : " NOT VALID") + ";");
                ctx.emit(k.validated() ? add.withHazard(check) : add);
            }
        }
        return true;
    }

    /**
     * Makes the type again under its name: the old one is renamed aside, the new one created, the target's columns
     * of the type (kept with it in the source) converted through text, and the old one dropped after every column
     * change (in the late drop phase). A range type cannot be put aside (its constructor functions keep their
     * name), so its columns become text first and it is dropped at once. What else depends on the type (views,
     * functions) is rebuilt by its family.
     */
    private void recreate(DiffContext ctx, String schema, UserType had, UserType type) {
        String name = qualified(schema, type.name());
        String shown = schema + "." + type.name();
        String aside = aside(type.name());
        boolean viaText = had.definition() instanceof RangeType;
        ctx.rebuildDependentsOf(had.key(schema));
        ctx.rebuild(type.key(schema));
        StringBuilder before = new StringBuilder();
        StringBuilder after = new StringBuilder();
        Set<String> tables = new LinkedHashSet<>();
        for (TableColumn used : columnsOfType(ctx, name)) {
            String suffix = used.column().type().equals(name) ? "" : "[]";
            Optional<Column> wanted = ctx.sourceSchema(used.schema())
                    .flatMap(s -> s.table(used.table()))
                    .flatMap(t -> t.columns().stream()
                            .filter(c -> c.name().equals(used.column().name()))
                            .findFirst());
            if (wanted.isEmpty()) {
                continue; // the table family drops the column
            }
            boolean keeps = wanted.get().type().equals(used.column().type());
            if (!keeps && !viaText) {
                continue; // the table family changes the column's type, and the old type is dropped after
            }
            Column column = used.column();
            String alter =
                    "\nALTER TABLE " + qualified(used.schema(), used.table()) + " ALTER COLUMN " + quote(column.name());
            if (column.defaultExpression() != null) {
                before.append(alter).append(" DROP DEFAULT;");
            }
            if (viaText) {
                before.append(alter)
                        .append(" TYPE text USING ")
                        .append(quote(column.name()))
                        .append("::text;");
            }
            if (keeps) {
                after.append(alter)
                        .append(" TYPE ")
                        .append(name)
                        .append(suffix)
                        .append(" USING ")
                        .append(quote(column.name()))
                        .append("::text::")
                        .append(name)
                        .append(suffix)
                        .append(';');
                // a default that changes too is the table family's to set
                if (column.defaultExpression() != null
                        && column.defaultExpression().equals(wanted.get().defaultExpression())) {
                    after.append(alter)
                            .append(" SET DEFAULT ")
                            .append(wanted.get().defaultExpression())
                            .append(';');
                }
            }
            tables.add(used.schema() + "." + used.table());
            ctx.rebuildDependentsOf(ObjectKey.column(used.schema(), used.table(), column.name()));
        }
        String sql = before.toString().strip() + (before.isEmpty() ? "" : "\n")
                + (viaText
                        ? "DROP TYPE " + name + ";"
                        : "ALTER " + had.keyword() + " " + name + " RENAME TO " + quote(aside) + ";")
                + "\n" + type.createSql(name) + after;
        String why = had.kind().equals(type.kind())
                ? "its " + type.kind() + " definition cannot change in place"
                : "it changes from " + had.kind() + " to " + type.kind();
        Hazard hazard = tables.isEmpty()
                ? null
                : Hazard.mayFailOnData("makes type " + shown + " again (" + why
                        + ") and converts the columns of " + String.join(", ", tables)
                        + " through text under an exclusive lock: "
                        + "fails on values the new type rejects");
        ctx.emit(new Change(
                "type",
                shown,
                Change.Action.alter,
                sql,
                Phase.ALTER_TYPES,
                type.key(schema),
                hazard,
                true,
                Set.of(ObjectKey.schema(schema))));
        if (!viaText) {
            asideDrops.add(Change.drop(
                    "type",
                    schema + "." + aside,
                    Phase.DROP_TYPES,
                    had.key(schema, aside),
                    "DROP " + had.keyword() + " " + qualified(schema, aside) + ";"));
        }
    }

    private record TableColumn(String schema, String table, Column column) {}

    /** The target's own (not inherited) table columns of the type or of an array of it, in every schema. */
    private static List<TableColumn> columnsOfType(DiffContext ctx, String qualifiedType) {
        List<TableColumn> found = new ArrayList<>();
        for (Schema schema : ctx.target().schemas()) {
            for (Table table : schema.tables()) {
                table.columns().stream()
                        .filter(c -> !c.inherited())
                        .filter(c -> c.type().equals(qualifiedType) || c.type().equals(qualifiedType + "[]"))
                        .forEach(c -> found.add(new TableColumn(schema.name(), table.name(), c)));
            }
        }
        return found;
    }

    private static String aside(String name) {
        return (name.length() > 50 ? name.substring(0, 50) : name) + "__old";
    }

    /** Drops come late (Phase.DROP_TYPES follows the column changes), after what stops using the type. */
    private static void drop(DiffContext ctx, String schema, String name, UserType type, String key, String why) {
        ctx.emit(Change.drop(
                        "type",
                        schema + "." + name,
                        Phase.DROP_TYPES,
                        key,
                        "DROP " + type.keyword() + " " + qualified(schema, name) + ";")
                .withHazard(Hazard.breaksClients("drops type " + schema + "." + name + ": " + why)));
    }

    /** The constraint's check without the NOT VALID that pg_get_constraintdef adds while it is not validated. */
    private static String check(Domain.DomainConstraint k) {
        return k.definition().endsWith(" NOT VALID")
                ? k.definition().substring(0, k.definition().length() - 10)
                : k.definition();
    }

    /** Kept where the tests look for it; the extensions' own is {@link ExtensionFamily#compareVersions}. */
    static int compareVersions(String a, String b) {
        return ExtensionFamily.compareVersions(a, b);
    }
}
