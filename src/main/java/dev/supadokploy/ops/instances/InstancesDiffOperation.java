package dev.supadokploy.ops.instances;

import dev.supadokploy.config.InstanceConfig;
import dev.supadokploy.dokploy.DokployApi;
import dev.supadokploy.errors.SupaException;
import dev.supadokploy.ops.BaseOperation;
import dev.supadokploy.ops.Doc;
import dev.supadokploy.ops.OperationContext;
import dev.supadokploy.ops.OperationInfo;
import dev.supadokploy.ops.OperationInfo.Hint;
import dev.supadokploy.ops.connection.ConnectionInput;
import dev.supadokploy.ops.connection.ConnectionResolver;
import dev.supadokploy.ops.connection.DokployConnector;
import dev.supadokploy.ops.connection.DokployInput;
import dev.supadokploy.pg.ConnectionTarget;
import dev.supadokploy.pg.PgErrors;
import dev.supadokploy.pg.catalog.Catalog;
import dev.supadokploy.pg.catalog.SchemaSelection;
import dev.supadokploy.pg.copy.CopySessions;
import dev.supadokploy.pg.diff.Change;
import dev.supadokploy.pg.diff.Dependencies;
import dev.supadokploy.pg.diff.DiffOptions;
import dev.supadokploy.pg.diff.SchemaDiff;
import dev.supadokploy.pg.diff.SchemaSnapshot;
import dev.supadokploy.supabase.ManagedSchemas;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * {@code instances diff --all} / {@code dokploy_instances_drift}: every configured instance side by side — its server
 * version, a fingerprint of its user schemas, and (with a Dokploy server) the image of each service of its stack — so
 * drift between dev, staging and production shows at a glance. The fingerprint is the SHA-256 of the sorted DDL that
 * would create the schemas from nothing: equal fingerprints, equal schemas, whatever the objects' OIDs or creation order.
 */
public final class InstancesDiffOperation
        extends BaseOperation<InstancesDiffOperation.Input, InstancesDiffOperation.Result> {

    public record Input(
            @Doc("Every instance of config.toml (the default when no instance is named)")
            Boolean all,

            @Doc("Only these instances of config.toml") List<String> instances,

            @Doc("Schemas to fingerprint (default: every user schema except Supabase-managed ones)")
            List<String> schemas,

            DokployInput dokploy) {
        /** A flag not given is off, so the operation reads each plainly. */
        public Input {
            all = Objects.requireNonNullElse(all, false);
        }
    }

    public record Row(
            @Doc("Instance name") String instance,
            @Doc("Its database (no password)") String database,
            @Doc("Server version, e.g. 17.6") String serverVersion,

            @Doc("SHA-256 of the schemas' normalized DDL; null when the database could not be read")
            String fingerprint,

            @Doc("Statements in that DDL (a size hint)") int objects,

            @Doc("Name of the first instance with the same fingerprint (itself when it is the first)")
            String sameAs,

            @Doc("Service → image of its Dokploy stack; empty without dokploy_compose_id or a Dokploy server")
            Map<String, String> components,

            @Doc("Why a part could not be read (code: message), else null")
            String error) {}

    public record Result(
            @Doc("One row per instance: those named, else every instance of config.toml by name")
            List<Row> instances,

            @Doc("How many different schemas the instances hold (1: no drift)")
            int distinctSchemas,

            @Doc("True when every instance read has the same fingerprint and the same images")
            boolean inSync) {}

    public InstancesDiffOperation() {
        super(
                Input.class,
                Result.class,
                new OperationInfo(
                        "dokploy_instances_drift",
                        List.of("instances", "diff"),
                        "Compare every instance's schema and versions",
                        "A drift matrix of the instances in config.toml: each one's PostgreSQL version, a SHA-256 fingerprint of its user "
                                + "schemas (equal fingerprints = equal schemas), which instances share a schema, and with a Dokploy "
                                + "server the image of each service of its stack. Read-only; an instance that cannot be read gets its "
                                + "error in its row.",
                        Hint.READ_ONLY,
                        Hint.UNTRUSTED_OUTPUT,
                        Hint.IDEMPOTENT));
    }

    @Override
    public Result run(Input input, OperationContext ctx) {
        List<String> names = names(input, ctx);
        DokployApi api = null;
        String dokployError = null;
        boolean wantsStacks = names.stream().anyMatch(n -> composeId(ctx, n) != null);
        if (wantsStacks && InstancesListOperation.dokployConfigured(input.dokploy(), ctx)) {
            try {
                api = DokployConnector.open(
                        input.dokploy() == null ? DokployInput.fromEnvironment() : input.dokploy(), ctx);
            } catch (SupaException e) {
                dokployError = e.code() + ": " + e.getMessage();
            }
        }
        List<String> named = input.schemas() == null ? List.of() : List.copyOf(input.schemas());
        List<Row> rows = new ArrayList<>();
        Map<String, String> firstWith = new LinkedHashMap<>();
        for (String name : names) {
            ctx.cancellation().throwIfCancelled();
            ctx.progress().report(name, rows.size(), names.size());
            rows.add(row(name, named, api, dokployError, firstWith, ctx));
        }
        long distinct = rows.stream()
                .map(Row::fingerprint)
                .filter(f -> f != null)
                .distinct()
                .count();
        boolean sameImages = rows.stream()
                        .map(Row::components)
                        .filter(c -> !c.isEmpty())
                        .distinct()
                        .count()
                <= 1;
        boolean allRead = rows.stream().allMatch(r -> r.fingerprint() != null);
        return new Result(rows, (int) distinct, allRead && distinct <= 1 && sameImages);
    }

    private static List<String> names(Input input, OperationContext ctx) {
        List<String> given = input.instances() == null ? List.of() : input.instances();
        if (!given.isEmpty() && input.all()) {
            throw SupaException.invalidInput(
                    "Give either all or instances, not both", "Pass --all, or name instances with --instances a,b.");
        }
        if (!given.isEmpty()) {
            given.forEach(n -> ctx.config().instance(n)); // CONFIGURATION_UNKNOWN_INSTANCE for a name not configured
            return List.copyOf(given);
        }
        List<String> all = List.copyOf(ctx.config().instances().keySet());
        if (all.isEmpty()) {
            throw new SupaException(
                    dev.supadokploy.errors.ErrorCode.CONFIGURATION_NOT_FOUND,
                    "No instance is configured",
                    "Add [instances.NAME] tables with database_url to config.toml (supa-dokploy instances list prints snippets).");
        }
        return all;
    }

    private static String composeId(OperationContext ctx, String name) {
        InstanceConfig config = ctx.config().instances().get(name);
        return config == null
                        || config.dokployComposeId() == null
                        || config.dokployComposeId().isBlank()
                ? null
                : config.dokployComposeId();
    }

    private static Row row(
            String name,
            List<String> named,
            DokployApi api,
            String dokployError,
            Map<String, String> firstWith,
            OperationContext ctx) {
        List<String> errors = new ArrayList<>();
        Map<String, String> components = new TreeMap<>();
        String composeId = composeId(ctx, name);
        if (composeId != null && api != null) {
            try {
                components.putAll(ConfigPromotion.images(
                        String.valueOf(api.compose(composeId).composeFile())));
            } catch (SupaException e) {
                errors.add(e.code() + ": " + e.getMessage());
            }
        } else if (composeId != null && dokployError != null) {
            errors.add(dokployError);
        }
        String database = null;
        String version = null;
        String fingerprint = null;
        int objects = 0;
        try {
            ConnectionTarget target = ConnectionResolver.resolve(
                    new ConnectionInput(null, name, null, null, null, null, null, null), ctx);
            database = target.display();
            try (Connection conn = ConnectionResolver.open(target, ctx)) {
                CopySessions.beginSnapshot(conn, null);
                SchemaSelection selection =
                        named.isEmpty() ? ManagedSchemas.application() : new SchemaSelection(named, false, null);
                SchemaSnapshot snapshot = SchemaSnapshot.read(conn, selection, false);
                conn.rollback();
                Catalog c = snapshot.catalog();
                version = c.serverVersion();
                List<String> ddl = SchemaDiff.compare(
                                c, snapshot.dependencies(), c.empty(), Dependencies.NONE, null, DiffOptions.DEFAULT)
                        .changes()
                        .stream()
                        .map(Change::sql)
                        .sorted()
                        .toList();
                fingerprint = sha256(String.join("\n", ddl));
                objects = ddl.size();
            }
        } catch (SupaException e) {
            errors.add(e.code() + ": " + e.getMessage());
        } catch (SQLException e) {
            errors.add("CONNECTION_LOST: " + PgErrors.firstLine(e.getMessage()));
        }
        String sameAs = fingerprint == null ? null : firstWith.computeIfAbsent(fingerprint, f -> name);
        return new Row(
                name,
                database,
                version,
                fingerprint,
                objects,
                sameAs,
                components,
                errors.isEmpty() ? null : String.join("; ", errors));
    }

    static String sha256(String text) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
