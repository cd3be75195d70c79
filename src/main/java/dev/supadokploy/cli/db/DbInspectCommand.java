package dev.supadokploy.cli.db;

import dev.supadokploy.cli.CliSession;
import dev.supadokploy.cli.OperationCommand;
import dev.supadokploy.cli.TextOutput;
import dev.supadokploy.cli.options.ConnectionOptions;
import dev.supadokploy.ops.Operation;
import dev.supadokploy.ops.db.DbInspectOperation;
import dev.supadokploy.pg.catalog.Catalog;
import dev.supadokploy.pg.catalog.Constraint;
import dev.supadokploy.pg.catalog.DefaultPrivilege;
import dev.supadokploy.pg.catalog.Function;
import dev.supadokploy.pg.catalog.Grant;
import dev.supadokploy.pg.catalog.Schema;
import dev.supadokploy.pg.catalog.Table;
import dev.supadokploy.supabase.ApiExposure;
import dev.supadokploy.util.ByteSize;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
        name = "inspect",
        description =
                "Describe schemas: tables with row estimates, sizes and RLS status; columns, indexes, constraints, "
                        + "views, functions, triggers, types, sequences, policies and grants. --output json gives the full catalog model.")
public final class DbInspectCommand extends OperationCommand<DbInspectOperation.Input, DbInspectOperation.Result> {
    /** Long lists in the text summary stop after this many names; JSON always has everything. */
    private static final int MAX_NAMES = 12;

    @Mixin
    ConnectionOptions connection;

    @Parameters(arity = "0..1", paramLabel = "URL", description = "Connection URL (same as --connection).")
    String url;

    @Option(
            names = {"--schema", "--schemas"},
            paramLabel = "NAME",
            split = ",",
            description =
                    "Schema to inspect; repeatable or comma-separated (default: public). Supabase-managed schemas "
                            + "(auth, storage, …) only when named.")
    List<String> schemas;

    @Option(names = "--all", description = "Every user schema except Supabase-managed ones (add those with --schema).")
    boolean all;

    @Option(names = "--include-extension-objects")
    boolean includeExtensionObjects;

    @Override
    protected Operation<DbInspectOperation.Input, DbInspectOperation.Result> operation() {
        return new DbInspectOperation();
    }

    @Override
    protected DbInspectOperation.Input input(CliSession session) {
        connection.useUrl(url);
        return new DbInspectOperation.Input(connection.toInput(session), schemas, all, includeExtensionObjects);
    }

    @Override
    protected void renderText(DbInspectOperation.Result r, TextOutput out, CliSession session) {
        Catalog c = r.catalog();
        out.heading("Database " + c.database() + " · PostgreSQL " + c.serverVersion() + " · read in "
                + String.format(Locale.ROOT, "%.1f ms", r.readMs()));
        out.line("Extensions: "
                + names(c.extensions().stream()
                        .map(e -> e.name() + " " + e.version() + " (" + e.schema() + ")")
                        .toList()));
        if (c.schemas().isEmpty()) {
            out.line(
                    "No schemas selected (--all found only system and Supabase-managed schemas; name them with --schema).");
        }
        for (Schema s : c.schemas()) {
            out.blank();
            renderSchema(s, c.extensionObjectsIncluded(), out);
        }
        if (!r.exposedTablesWithoutRls().isEmpty()) {
            out.blank();
            for (String t : r.exposedTablesWithoutRls()) {
                out.line(out.bad("! " + t + ": row level security is disabled and anon/authenticated hold grants on it")
                        + " — ALTER TABLE " + t
                        + " ENABLE ROW LEVEL SECURITY (then add policies), or revoke those grants.");
            }
        }
    }

    private void renderSchema(Schema s, boolean extensionObjectsIncluded, TextOutput out) {
        boolean exposed = ApiExposure.exposed(s);
        out.heading("Schema " + s.name() + " · owner " + s.owner() + (exposed ? " · API-exposed" : ""));
        if (s.comment() != null) {
            out.line("  " + s.comment().lines().findFirst().orElse(""));
        }
        if (s.tables().isEmpty()) {
            out.line("  (no tables)");
        } else {
            List<List<String>> rows = new ArrayList<>();
            for (Table t : s.tables()) {
                rows.add(List.of(
                        t.name(),
                        kind(t),
                        t.rowEstimate() == null ? "?" : String.valueOf(t.rowEstimate()),
                        bytes(t.totalBytes()),
                        rls(t, exposed),
                        String.valueOf(t.policies().size())));
            }
            out.table(List.of("TABLE", "KIND", "ROWS (est.)", "SIZE", "RLS", "POLICIES"), rows);
        }
        List<Constraint> constraints =
                s.tables().stream().flatMap(t -> t.constraints().stream()).toList();
        List<String[]> fields = new ArrayList<>();
        fields.add(TextOutput.field(
                "views",
                names(s.views().stream()
                        .map(v -> v.name() + (v.securityInvoker() ? " (security invoker)" : ""))
                        .toList())));
        fields.add(TextOutput.field(
                "materialized views",
                names(s.materializedViews().stream()
                        .map(m -> m.name() + (m.populated() ? "" : " (not populated)"))
                        .toList())));
        fields.add(TextOutput.field(
                "functions",
                names(s.functions().stream().map(DbInspectCommand::function).toList())));
        fields.add(TextOutput.field(
                "triggers",
                names(s.tables().stream()
                        .flatMap(t -> t.triggers().stream()
                                .filter(tr -> !tr.inherited())
                                .map(tr -> t.name() + "." + tr.name() + " (" + tr.timing() + " "
                                        + String.join("/", tr.events())
                                        + (tr.enabled().equals("enabled") ? "" : ", " + tr.enabled()) + ")"))
                        .toList())));
        fields.add(TextOutput.field(
                "enums",
                names(s.enums().stream()
                        .map(e -> e.name() + " (" + String.join(", ", e.labels()) + ")")
                        .toList())));
        fields.add(TextOutput.field(
                "composite types",
                names(s.compositeTypes().stream().map(t -> t.name()).toList())));
        fields.add(TextOutput.field(
                "domains",
                names(s.domains().stream()
                        .map(d -> d.name() + " (" + d.baseType() + ")")
                        .toList())));
        fields.add(TextOutput.field(
                "range types",
                names(s.rangeTypes().stream()
                        .map(t -> t.name() + " (" + t.subtype() + ")")
                        .toList())));
        fields.add(TextOutput.field(
                "sequences",
                names(s.sequences().stream()
                        .map(q -> q.name()
                                + (q.ownedBy() == null
                                        ? ""
                                        : " (" + (q.identity() ? "identity " : "owned by ")
                                                + q.ownedBy().table() + "."
                                                + q.ownedBy().column() + ")"))
                        .toList())));
        fields.add(TextOutput.field(
                "indexes",
                s.tables().stream().mapToInt(t -> t.indexes().size()).sum()
                        + s.materializedViews().stream()
                                .mapToInt(m -> m.indexes().size())
                                .sum()));
        fields.add(TextOutput.field("constraints", constraints.size() + countsByType(constraints)));
        fields.add(TextOutput.field("schema grants", grants(s.grants())));
        fields.add(TextOutput.field(
                "default privileges",
                names(s.defaultPrivileges().stream()
                        .map(DbInspectCommand::defaultPrivilege)
                        .toList())));
        if (s.extensionObjects() > 0) {
            fields.add(TextOutput.field(
                    "extension objects",
                    s.extensionObjects()
                            + (extensionObjectsIncluded
                                    ? " (included above)"
                                    : " left out (--include-extension-objects lists them)")));
        }
        out.fields(fields);
    }

    private static String kind(Table t) {
        if (t.partitionOf() != null) {
            return "partition of " + t.partitionOf().name();
        }
        if (Table.KIND_PARTITIONED.equals(t.kind())) {
            return "partitioned";
        }
        if (!t.inherits().isEmpty()) {
            return "inherits " + t.inherits().stream().map(q -> q.name()).collect(Collectors.joining(", "));
        }
        return t.unlogged() ? "unlogged" : "table";
    }

    private static String rls(Table t, boolean exposed) {
        if (!t.rlsEnabled()) {
            if (!exposed) {
                return "disabled";
            }
            return ApiExposure.grantedToApi(t) ? "DISABLED !" : "disabled (no API grants)";
        }
        return t.rlsForced() ? "enabled, forced" : "enabled";
    }

    private static String function(Function f) {
        List<String> traits = new ArrayList<>();
        if (!"function".equals(f.kind())) {
            traits.add(f.kind());
        }
        if (f.securityDefiner()) {
            traits.add("security definer");
        }
        traits.addAll(f.config());
        return f.signature()
                + (f.resultType() == null ? "" : " → " + f.resultType())
                + (traits.isEmpty() ? "" : " [" + String.join(", ", traits) + "]");
    }

    private static String countsByType(List<Constraint> constraints) {
        if (constraints.isEmpty()) {
            return "";
        }
        Map<String, Long> counts = new TreeMap<>(constraints.stream()
                .collect(Collectors.groupingBy(k -> k.type().replace('_', ' '), Collectors.counting())));
        return " ("
                + counts.entrySet().stream()
                        .map(e -> e.getValue() + " " + e.getKey())
                        .collect(Collectors.joining(", ")) + ")";
    }

    private static String grants(List<Grant> grants) {
        return names(grants.stream()
                .map(g -> g.grantee() + " " + String.join("/", g.privileges()))
                .toList());
    }

    private static String defaultPrivilege(DefaultPrivilege d) {
        return d.objectType() + " by " + d.role() + " → " + d.grantee() + " " + String.join("/", d.privileges());
    }

    private static String names(List<String> items) {
        if (items.isEmpty()) {
            return null;
        }
        if (items.size() <= MAX_NAMES) {
            return String.join(", ", items);
        }
        return Stream.concat(items.stream().limit(MAX_NAMES), Stream.of("… (" + (items.size() - MAX_NAMES) + " more)"))
                .collect(Collectors.joining(", "));
    }

    static String bytes(Long n) {
        return n == null ? "-" : ByteSize.pretty(n);
    }
}
