package dev.supadokploy.pg.diff;

import static dev.supadokploy.pg.PgIdentifiers.quote;
import static dev.supadokploy.pg.diff.TableFamily.byName;

import dev.supadokploy.pg.catalog.Extension;
import dev.supadokploy.pg.catalog.SchemaSelection;
import java.util.Map;
import java.util.Set;

/**
 * Extensions: created, dropped, moved to another schema (ALTER … SET SCHEMA when relocatable, else dropped and created
 * again in one statement) and updated to the source's version (never downgraded: that is left to the operator). Runs
 * first: the types, tables and functions of the other families may use what an extension provides.
 */
final class ExtensionFamily implements DiffFamily {

    @Override
    public void diff(DiffContext ctx) {
        Map<String, Extension> before = byName(ctx.target().extensions(), Extension::name);
        Map<String, Extension> after = byName(ctx.source().extensions(), Extension::name);
        for (Extension x : after.values()) {
            Extension had = before.get(x.name());
            if (had == null) {
                createExtension(ctx, x);
            } else if (!had.schema().equals(x.schema())) {
                if (had.relocatable()) {
                    ctx.emit(Change.alter(
                                    "extension",
                                    x.name(),
                                    Phase.CREATE_EXTENSIONS,
                                    "ALTER EXTENSION " + quote(x.name()) + " SET SCHEMA " + quote(x.schema()) + ";")
                            .requiring(Set.of(ObjectKey.schema(x.schema()))));
                } else {
                    // in one statement: drops come after creates, and CREATE … IF NOT EXISTS would do nothing before
                    ctx.rebuild(ObjectKey.extension(x.name()));
                    ctx.emit(new Change(
                            "extension",
                            x.name(),
                            Change.Action.alter,
                            "DROP EXTENSION " + quote(x.name()) + ";\n" + createExtensionSql(ctx, x),
                            Phase.CREATE_EXTENSIONS,
                            ObjectKey.extension(x.name()),
                            Hazard.dropsData("drops extension " + x.name()
                                    + " with its objects and creates it again: it moves from schema " + had.schema()
                                    + " to " + x.schema() + " and cannot be relocated"),
                            true,
                            Set.of(ObjectKey.schema(x.schema()))));
                    continue;
                }
            }
            if (had != null && !had.version().equals(x.version())) {
                String sql =
                        "ALTER EXTENSION " + quote(x.name()) + " UPDATE TO " + CommentFamily.literal(x.version()) + ";";
                if (compareVersions(had.version(), x.version()) > 0) {
                    // extensions ship update scripts forward only; dropping one takes its types, and the columns using
                    // them
                    ctx.emit(Change.manual(
                            "extension",
                            x.name(),
                            Phase.CREATE_EXTENSIONS,
                            sql,
                            "extension " + x.name() + " is at "
                                    + had.version() + " on the target, newer than the source's " + x.version()
                                    + ": there is no downgrade "
                                    + "path, and dropping it would drop what uses it; keep it (upgrade the source), or drop and create it at "
                                    + x.version() + " by hand"));
                } else {
                    ctx.emit(Change.alter("extension", x.name(), Phase.CREATE_EXTENSIONS, sql));
                }
            }
        }
        for (Extension x : before.values()) {
            if (!after.containsKey(x.name())) {
                dropExtension(ctx, x, "it is gone from the source");
            }
        }
    }

    /**
     * Orders extension versions by their numbers ("1.10" after "1.9"); 0 when they do not read as numbers (then the
     * update is tried).
     */
    static int compareVersions(String a, String b) {
        if (!a.matches("\\d+(\\.\\d+)*") || !b.matches("\\d+(\\.\\d+)*")) {
            return 0;
        }
        String[] x = a.split("\\.");
        String[] y = b.split("\\.");
        for (int i = 0; i < Math.max(x.length, y.length); i++) {
            int c = new java.math.BigInteger(i < x.length ? x[i] : "0")
                    .compareTo(new java.math.BigInteger(i < y.length ? y[i] : "0"));
            if (c != 0) {
                return c;
            }
        }
        return 0;
    }

    private static void createExtension(DiffContext ctx, Extension x) {
        ctx.emit(Change.create(
                        "extension",
                        x.name(),
                        Phase.CREATE_EXTENSIONS,
                        ObjectKey.extension(x.name()),
                        createExtensionSql(ctx, x))
                .requiring(Set.of(ObjectKey.schema(x.schema()))));
    }

    private static String createExtensionSql(DiffContext ctx, Extension x) {
        // the extension's schema may be one the diff does not cover (e.g. Supabase's "extensions")
        String schema = ctx.sourceSchema(x.schema()).isPresent() || SchemaSelection.isSystem(x.schema())
                ? ""
                : "CREATE SCHEMA IF NOT EXISTS " + quote(x.schema()) + ";\n";
        return schema + "CREATE EXTENSION IF NOT EXISTS " + quote(x.name()) + " WITH SCHEMA " + quote(x.schema())
                + " VERSION " + CommentFamily.literal(x.version()) + ";";
    }

    private static void dropExtension(DiffContext ctx, Extension x, String why) {
        ctx.emit(Change.drop(
                        "extension",
                        x.name(),
                        Phase.DROP_EXTENSIONS,
                        ObjectKey.extension(x.name()),
                        "DROP EXTENSION " + quote(x.name()) + ";")
                .withHazard(Hazard.dropsData(
                        "drops extension " + x.name() + " with its functions, types and tables: " + why)));
    }
}
