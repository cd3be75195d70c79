package dev.supadokploy.pg.diff;

import static dev.supadokploy.pg.PgIdentifiers.qualified;
import static dev.supadokploy.pg.PgIdentifiers.quote;
import static dev.supadokploy.pg.diff.TableFamily.byName;

import dev.supadokploy.pg.catalog.ColumnRef;
import dev.supadokploy.pg.catalog.Schema;
import dev.supadokploy.pg.catalog.Sequence;
import dev.supadokploy.pg.catalog.Table;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Sequences: options (type, start, increment, bounds, cache, cycle) and OWNED BY. Identity sequences belong to
 * their column: the table family makes them with it, with the default options, and their options are set here
 * through the column. A serial column is a sequence plus a nextval default: the default's dependency orders the
 * sequence before the table, and OWNED BY follows the table.
 */
final class SequenceFamily implements DiffFamily {

    @Override
    public void diff(DiffContext ctx) {
        Set<String> schemas = ctx.schemaNames();
        for (String schema : schemas) {
            Map<String, Sequence> before = sequences(ctx.targetSchema(schema));
            Map<String, Sequence> after = sequences(ctx.sourceSchema(schema));
            for (Sequence seq : after.values()) {
                Sequence had = before.get(seq.name());
                String name = qualified(schema, seq.name());
                String shown = schema + "." + seq.name();
                if (had == null) {
                    ctx.emit(Change.create(
                                    "sequence",
                                    shown,
                                    Phase.CREATE_SEQUENCES,
                                    ObjectKey.relation(schema, seq.name()),
                                    "CREATE " + (unloggedOwner(ctx, seq) ? "UNLOGGED " : "") + "SEQUENCE " + name
                                            + options(seq) + ";")
                            .requiring(Set.of(ObjectKey.schema(schema))));
                } else if (!options(had).equals(options(seq))) {
                    ctx.emit(Change.alter(
                                    "sequence",
                                    shown,
                                    Phase.ALTER_SEQUENCES,
                                    "ALTER SEQUENCE " + name + options(seq) + ";")
                            .withHazard(
                                    had.max() <= seq.max() && had.min() >= seq.min()
                                            ? null
                                            : Hazard.mayFailOnData("narrowing " + shown
                                                    + " fails if its current value is out of the new bounds")));
                }
                ColumnRef owner = had == null ? null : had.ownedBy();
                if (!Objects.equals(owner, seq.ownedBy()) || owner != null && tableRecreated(ctx, owner)) {
                    if (owner != null) {
                        // before any table or column drop, which would take the sequence with it
                        ctx.emit(Change.alter(
                                "sequence", shown, Phase.DROP_COLUMNS, "ALTER SEQUENCE " + name + " OWNED BY NONE;"));
                    }
                    if (seq.ownedBy() != null) {
                        ColumnRef by = seq.ownedBy();
                        ctx.emit(Change.alter(
                                        "sequence",
                                        shown,
                                        Phase.ALTER_SEQUENCES,
                                        "ALTER SEQUENCE " + name + " OWNED BY " + qualified(by.schema(), by.table())
                                                + "." + quote(by.column()) + ";")
                                .requiring(Set.of(
                                        ObjectKey.relation(schema, seq.name()),
                                        ObjectKey.relation(by.schema(), by.table()))));
                    }
                }
            }
            ctx.sourceSchema(schema).map(Schema::sequences).orElse(List.of()).stream()
                    .filter(seq -> seq.identity() && seq.extension() == null && seq.ownedBy() != null)
                    .forEach(seq -> identityOptions(ctx, seq));
            for (Sequence seq : before.values()) {
                if (!after.containsKey(seq.name())) {
                    // an owned sequence goes with its table or column if they are dropped first
                    ctx.emit(Change.drop(
                                    "sequence",
                                    schema + "." + seq.name(),
                                    Phase.DROP_SEQUENCES,
                                    ObjectKey.relation(schema, seq.name()),
                                    "DROP SEQUENCE " + (seq.ownedBy() == null ? "" : "IF EXISTS ")
                                            + qualified(schema, seq.name()) + ";")
                            .withHazard(Hazard.breaksClients(
                                    "drops sequence " + schema + "." + seq.name() + " and its current value")));
                }
            }
        }
    }

    /**
     * From PostgreSQL 15, the sequence of an unlogged table's serial column is unlogged too (as CREATE UNLOGGED TABLE
     * makes it, and ALTER TABLE … SET LOGGED / UNLOGGED keeps it). Made apart from its table, it must say so itself.
     */
    private static boolean unloggedOwner(DiffContext ctx, Sequence seq) {
        ColumnRef by = seq.ownedBy();
        return by != null
                && ctx.source().serverVersionNum() >= 150000
                && ctx.target().serverVersionNum() >= 150000
                && ctx.sourceSchema(by.schema())
                        .flatMap(s -> s.table(by.table()))
                        .map(Table::unlogged)
                        .orElse(false);
    }

    /**
     * The options of an identity column's sequence, set through the column (whatever the sequence is named on the
     * target). One made by this diff starts with the defaults of its type and is restarted at its START WITH, as
     * the source's was made; one that was there keeps its current value.
     */
    private static void identityOptions(DiffContext ctx, Sequence seq) {
        ColumnRef column = seq.ownedBy();
        Optional<Sequence> had = ctx.targetSchema(column.schema()).map(Schema::sequences).orElse(List.of()).stream()
                .filter(s -> s.identity() && column.equals(s.ownedBy()))
                .findFirst();
        boolean made = had.isEmpty() || tableRecreated(ctx, column);
        Sequence current = made
                ? new Sequence(
                        seq.name(),
                        seq.dataType(),
                        1,
                        1,
                        1,
                        maxOf(seq.dataType()),
                        1,
                        false,
                        column,
                        true,
                        seq.owner(),
                        null,
                        List.of(),
                        null)
                : had.get();
        String wanted = identityOptions(seq);
        if (!wanted.equals(identityOptions(current))) {
            String shown = column.schema() + "." + column.table() + "." + column.column();
            Change change = Change.alter(
                            "column",
                            shown,
                            Phase.ALTER_SEQUENCES,
                            "ALTER TABLE " + qualified(column.schema(), column.table()) + " ALTER COLUMN "
                                    + quote(column.column()) + wanted + (made ? " RESTART" : "") + ";")
                    .requiring(Set.of(ObjectKey.relation(column.schema(), column.table())));
            ctx.emit(
                    made || current.max() <= seq.max() && current.min() >= seq.min()
                            ? change
                            : change.withHazard(Hazard.mayFailOnData("narrowing the identity of " + shown
                                    + " fails if its current value is out of the new bounds")));
        }
    }

    private static String identityOptions(Sequence s) {
        return " SET INCREMENT BY " + s.increment() + " SET MINVALUE " + s.min() + " SET MAXVALUE " + s.max()
                + " SET START WITH " + s.start() + " SET CACHE " + s.cache()
                + (s.cycle() ? " SET CYCLE" : " SET NO CYCLE");
    }

    private static long maxOf(String dataType) {
        return switch (dataType) {
            case "smallint" -> Short.MAX_VALUE;
            case "integer" -> Integer.MAX_VALUE;
            default -> Long.MAX_VALUE;
        };
    }

    /** The table family drops and creates the owning table again, which would take the sequence with it. */
    private static boolean tableRecreated(DiffContext ctx, ColumnRef owner) {
        Optional<Table> before = ctx.targetSchema(owner.schema()).flatMap(s -> s.table(owner.table()));
        Optional<Table> after = ctx.sourceSchema(owner.schema()).flatMap(s -> s.table(owner.table()));
        return before.isPresent() && after.isPresent() && TableFamily.mustRecreate(before.get(), after.get());
    }

    private static Map<String, Sequence> sequences(Optional<Schema> schema) {
        List<Sequence> list = schema.map(Schema::sequences).orElse(List.of()).stream()
                .filter(s -> !s.identity() && s.extension() == null)
                .toList();
        return byName(list, Sequence::name);
    }

    /** Every option, so a create and an alter spell them alike (and AS changing resets no bound silently). */
    private static String options(Sequence s) {
        return " AS " + s.dataType() + " INCREMENT BY " + s.increment() + " MINVALUE " + s.min() + " MAXVALUE "
                + s.max() + " START WITH " + s.start() + " CACHE " + s.cache() + (s.cycle() ? " CYCLE" : " NO CYCLE");
    }
}
