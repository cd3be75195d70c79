package dev.supadokploy.pg.catalog;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import dev.supadokploy.errors.ErrorCode;
import dev.supadokploy.errors.SupaException;
import dev.supadokploy.pg.PgErrors;
import dev.supadokploy.util.Json;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads the {@link Catalog} of the selected schemas. It runs a fixed number of statements (see
 * {@link #QUERIES}): one per object kind across all selected schemas, never one per table, inside one
 * transaction so that every query sees the same snapshot of the catalog.
 *
 * <p>Objects that belong to an extension are left out unless asked for: they are the extension's, not
 * the schema author's, and a diff or restore recreates them with CREATE EXTENSION.
 */
public final class CatalogReader {
    /**
     * Statements one read runs, whatever the size of the database: 13 catalog queries plus one to set up
     * the transaction (or, inside a caller's transaction, to give back its search_path).
     */
    public static final int QUERIES = 14;

    private static final TypeReference<List<Grant>> GRANTS = new TypeReference<>() {};
    private static final TypeReference<List<QualifiedName>> NAMES = new TypeReference<>() {};
    private static final TypeReference<List<CompositeType.Attribute>> ATTRIBUTES = new TypeReference<>() {};
    private static final TypeReference<List<Domain.DomainConstraint>> DOMAIN_CONSTRAINTS = new TypeReference<>() {};

    private final Connection conn;
    private int queriesRun;

    public CatalogReader(Connection conn) {
        this.conn = conn;
    }

    /** Statements run by the last {@link #read}; equals {@link #QUERIES} after a successful read. */
    public int queriesRun() {
        return queriesRun;
    }

    /**
     * Reads in a transaction of its own (REPEATABLE READ, READ ONLY) when the connection is in autocommit
     * mode. Otherwise it reads inside the caller's open transaction, so a backup can take the schema and
     * the data from one snapshot (the caller then picks the isolation level), and restores the
     * transaction's search_path afterwards. Either way it runs {@link #QUERIES} statements.
     *
     * @param includeExtensionObjects also read tables, functions, types … that belong to an extension
     * @throws SupaException VALIDATION_INVALID_INPUT for an unknown or system schema; QUERY_* or
     *                       CONNECTION_LOST when the server fails a query
     */
    public Catalog read(SchemaSelection selection, boolean includeExtensionObjects) {
        queriesRun = 0;
        try {
            if (!conn.getAutoCommit()) {
                return readInCallersTransaction(selection, includeExtensionObjects);
            }
            conn.setAutoCommit(false);
            try {
                // Not Connection.setTransactionIsolation: pgjdbc makes that a session-wide SET, which behind
                // a transaction-mode pooler would outlive us on a backend other clients share.
                try (PreparedStatement ps = prepare("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")) {
                    ps.execute();
                }
                return readObjects(readServer(), selection, includeExtensionObjects);
            } finally {
                conn.rollback();
                conn.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw queryFailure(e);
        }
    }

    private Catalog readInCallersTransaction(SchemaSelection selection, boolean includeExt) throws SQLException {
        Server server = readServer();
        Catalog catalog;
        try {
            catalog = readObjects(server, selection, includeExt);
        } catch (SupaException e) {
            // A rejected selection leaves the transaction usable: give it its search_path back. (After a
            // failed query the transaction is aborted and there is nothing left to restore.)
            restoreSearchPath(server.previousSearchPath());
            throw e;
        }
        restoreSearchPath(server.previousSearchPath());
        return catalog;
    }

    private void restoreSearchPath(String searchPath) throws SQLException {
        try (PreparedStatement ps = prepare("SELECT set_config('search_path', ?, true)", searchPath)) {
            ps.execute();
        }
    }

    /** What the rest of the read depends on; also pins search_path to empty for this transaction. */
    private record Server(
            String previousSearchPath, String database, String version, int versionNum, List<String> schemas) {}

    private Server readServer() throws SQLException {
        try (PreparedStatement ps = prepare(CatalogQueries.SERVER);
                ResultSet rs = ps.executeQuery()) {
            rs.next();
            List<String> existing = new ArrayList<>(strings(rs.getArray(6)));
            existing.sort(null);
            return new Server(rs.getString(1), rs.getString(3), rs.getString(4), rs.getInt(5), List.copyOf(existing));
        }
    }

    private Catalog readObjects(Server server, SchemaSelection selection, boolean includeExt) throws SQLException {
        List<String> schemas = selection.resolve(server.schemas(), server.database());
        List<String> partial = selection.partlyRead(server.schemas(), schemas);
        ManagedParts managed = selection.managedParts();
        Object[] params = {conn.createArrayOf("text", schemas.toArray()), includeExt};
        Object[] relationParams = {
            params[0],
            includeExt,
            conn.createArrayOf("text", partial.toArray()),
            conn.createArrayOf(
                    "text", managed == null ? new Object[0] : managed.schemas().toArray()),
            conn.createArrayOf(
                    "text",
                    managed == null ? new Object[0] : managed.platformRoles().toArray())
        };

        Parts parts = new Parts();
        readColumns(relationParams, parts);
        readConstraints(relationParams, parts);
        readIndexes(relationParams, parts, server.versionNum());
        readTriggers(relationParams, parts);
        readPolicies(relationParams, parts);

        Map<String, SchemaContents> contents = new TreeMap<>();
        schemas.forEach(s -> contents.put(s, new SchemaContents()));
        partial.forEach(s -> contents.put(s, new SchemaContents()));
        readRelations(relationParams, parts, contents);
        readFunctions(params, contents);
        readSequences(params, contents);
        readTypes(params, contents);
        Map<String, List<DefaultPrivilege>> defaults = readDefaultPrivileges(params[0]);
        List<Extension> extensions = readExtensions();

        List<Schema> result = readSchemas(params[0], contents, defaults);
        for (String name : partial) {
            List<Table> tables = contents.get(name).tables;
            if (!tables.isEmpty()) {
                result.add(Schema.managedPart(name, tables));
            }
        }
        return new Catalog(
                server.database(),
                server.version(),
                server.versionNum(),
                includeExt,
                extensions,
                defaults.getOrDefault(null, List.of()),
                result);
    }

    // ---- per-relation parts, collected before the relations themselves --------------------------

    private record RelKey(String schema, String name) {}

    private static final class Parts {
        final Map<RelKey, List<Column>> columns = new HashMap<>();
        final Map<RelKey, List<Constraint>> constraints = new HashMap<>();
        final Map<RelKey, List<Index>> indexes = new HashMap<>();
        final Map<RelKey, List<Trigger>> triggers = new HashMap<>();
        final Map<RelKey, List<Policy>> policies = new HashMap<>();

        static <T> void add(Map<RelKey, List<T>> into, ResultSet rs, T item) throws SQLException {
            into.computeIfAbsent(new RelKey(rs.getString(1), rs.getString(2)), k -> new ArrayList<>())
                    .add(item);
        }

        static <T> List<T> of(Map<RelKey, List<T>> from, RelKey key) {
            return from.getOrDefault(key, List.of());
        }
    }

    private void readColumns(Object[] params, Parts parts) throws SQLException {
        try (PreparedStatement ps = prepare(CatalogQueries.COLUMNS, params);
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                Parts.add(
                        parts.columns,
                        rs,
                        new Column(
                                rs.getInt("position"),
                                rs.getString("attname"),
                                rs.getString("type"),
                                rs.getBoolean("attnotnull"),
                                rs.getString("default_expression"),
                                rs.getString("identity"),
                                rs.getString("generated"),
                                rs.getString("collation"),
                                rs.getBoolean("inherited"),
                                rs.getString("comment"),
                                json(rs.getString("grants"), GRANTS)));
            }
        }
    }

    private void readConstraints(Object[] params, Parts parts) throws SQLException {
        try (PreparedStatement ps = prepare(CatalogQueries.CONSTRAINTS, params);
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                String refTable = rs.getString("referenced_table");
                QualifiedName ref =
                        refTable == null ? null : new QualifiedName(rs.getString("referenced_schema"), refTable);
                Parts.add(
                        parts.constraints,
                        rs,
                        new Constraint(
                                rs.getString("conname"),
                                rs.getString("type"),
                                rs.getString("definition"),
                                strings(rs.getArray("columns")),
                                ref,
                                strings(rs.getArray("referenced_columns")),
                                rs.getString("on_update"),
                                rs.getString("on_delete"),
                                rs.getString("match_type"),
                                rs.getBoolean("condeferrable"),
                                rs.getBoolean("condeferred"),
                                rs.getBoolean("convalidated"),
                                rs.getBoolean("connoinherit"),
                                rs.getBoolean("inherited"),
                                rs.getString("expression"),
                                rs.getString("index_name"),
                                rs.getString("comment")));
            }
        }
    }

    private void readIndexes(Object[] params, Parts parts, int versionNum) throws SQLException {
        try (PreparedStatement ps = prepare(CatalogQueries.indexes(versionNum), params);
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                Parts.add(
                        parts.indexes,
                        rs,
                        new Index(
                                rs.getString("relname"),
                                rs.getString("definition"),
                                rs.getString("amname"),
                                rs.getBoolean("indisunique"),
                                rs.getBoolean("indisprimary"),
                                strings(rs.getArray("keys")),
                                strings(rs.getArray("include")),
                                rs.getString("predicate"),
                                rs.getBoolean("nulls_not_distinct"),
                                rs.getString("constraint_name"),
                                rs.getBoolean("indisvalid"),
                                rs.getBoolean("inherited"),
                                rs.getString("comment")));
            }
        }
    }

    private void readTriggers(Object[] params, Parts parts) throws SQLException {
        try (PreparedStatement ps = prepare(CatalogQueries.TRIGGERS, params);
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                Parts.add(
                        parts.triggers,
                        rs,
                        new Trigger(
                                rs.getString("tgname"),
                                rs.getString("timing"),
                                strings(rs.getArray("events")),
                                rs.getString("level"),
                                new QualifiedName(rs.getString("function_schema"), rs.getString("function_name")),
                                rs.getString("enabled"),
                                rs.getBoolean("constraint_trigger"),
                                rs.getBoolean("inherited"),
                                rs.getString("definition"),
                                rs.getString("comment")));
            }
        }
    }

    private void readPolicies(Object[] params, Parts parts) throws SQLException {
        try (PreparedStatement ps = prepare(CatalogQueries.POLICIES, params);
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                Parts.add(
                        parts.policies,
                        rs,
                        new Policy(
                                rs.getString("polname"),
                                rs.getString("command"),
                                rs.getBoolean("polpermissive"),
                                strings(rs.getArray("roles")),
                                rs.getString("using_expression"),
                                rs.getString("with_check"),
                                rs.getString("comment")));
            }
        }
    }

    // ---- schema-level objects -----------------------------------------------------------------------

    private static final class SchemaContents {
        final List<Table> tables = new ArrayList<>();
        final List<View> views = new ArrayList<>();
        final List<MaterializedView> materializedViews = new ArrayList<>();
        final List<Function> functions = new ArrayList<>();
        final List<Sequence> sequences = new ArrayList<>();
        final List<EnumType> enums = new ArrayList<>();
        final List<CompositeType> compositeTypes = new ArrayList<>();
        final List<Domain> domains = new ArrayList<>();
        final List<RangeType> rangeTypes = new ArrayList<>();
    }

    private void readRelations(Object[] params, Parts parts, Map<String, SchemaContents> contents) throws SQLException {
        try (PreparedStatement ps = prepare(CatalogQueries.RELATIONS, params);
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                String schema = rs.getString("schema_name");
                String name = rs.getString("rel_name");
                RelKey key = new RelKey(schema, name);
                SchemaContents into = contents.get(schema);
                List<String> options = strings(rs.getArray("options"));
                List<Grant> grants = json(rs.getString("grants"), GRANTS);
                String extension = rs.getString("extname");
                switch (rs.getString("relkind")) {
                    case "v" ->
                        into.views.add(new View(
                                name,
                                rs.getString("owner"),
                                rs.getString("comment"),
                                rs.getString("definition"),
                                options,
                                ViewOptions.flag(options, "security_invoker"),
                                ViewOptions.value(options, "check_option"),
                                Parts.of(parts.columns, key),
                                Parts.of(parts.triggers, key),
                                grants,
                                extension));
                    case "m" ->
                        into.materializedViews.add(new MaterializedView(
                                name,
                                rs.getString("owner"),
                                rs.getString("comment"),
                                rs.getString("definition"),
                                options,
                                rs.getBoolean("relispopulated"),
                                nullableLong(rs, "row_estimate"),
                                nullableLong(rs, "total_bytes"),
                                Parts.of(parts.columns, key),
                                Parts.of(parts.indexes, key),
                                grants,
                                extension));
                    default -> {
                        if (rs.getBoolean("partial")) {
                            // the platform's table: only what the application put on it (see ManagedParts)
                            into.tables.add(Table.managedPart(
                                    name,
                                    Parts.of(parts.columns, key),
                                    Parts.of(parts.triggers, key),
                                    Parts.of(parts.policies, key),
                                    grants));
                            continue;
                        }
                        String parentName = rs.getString("parent_name");
                        into.tables.add(new Table(
                                name,
                                "p".equals(rs.getString("relkind")) ? Table.KIND_PARTITIONED : Table.KIND_TABLE,
                                rs.getString("owner"),
                                rs.getString("comment"),
                                rs.getBoolean("unlogged"),
                                rs.getString("partition_key"),
                                parentName == null
                                        ? null
                                        : new QualifiedName(rs.getString("parent_schema"), parentName),
                                rs.getString("partition_bound"),
                                json(rs.getString("inherits"), NAMES),
                                rs.getBoolean("relrowsecurity"),
                                rs.getBoolean("relforcerowsecurity"),
                                rs.getString("replica_identity"),
                                options,
                                nullableLong(rs, "row_estimate"),
                                nullableLong(rs, "total_bytes"),
                                Parts.of(parts.columns, key),
                                Parts.of(parts.constraints, key),
                                Parts.of(parts.indexes, key),
                                Parts.of(parts.triggers, key),
                                Parts.of(parts.policies, key),
                                grants,
                                extension));
                    }
                }
            }
        }
    }

    private void readFunctions(Object[] params, Map<String, SchemaContents> contents) throws SQLException {
        try (PreparedStatement ps = prepare(CatalogQueries.FUNCTIONS, params);
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                contents.get(rs.getString("nspname"))
                        .functions
                        .add(new Function(
                                rs.getString("proname"),
                                rs.getString("kind"),
                                rs.getString("identity_arguments"),
                                rs.getString("arguments"),
                                rs.getString("result_type"),
                                rs.getString("lanname"),
                                rs.getString("volatility"),
                                rs.getBoolean("prosecdef"),
                                rs.getBoolean("proisstrict"),
                                rs.getBoolean("proleakproof"),
                                rs.getString("parallel"),
                                rs.getBoolean("proretset"),
                                strings(rs.getArray("proconfig")),
                                rs.getString("definition"),
                                rs.getString("owner"),
                                rs.getString("comment"),
                                json(rs.getString("grants"), GRANTS),
                                rs.getString("extname")));
            }
        }
    }

    private void readSequences(Object[] params, Map<String, SchemaContents> contents) throws SQLException {
        try (PreparedStatement ps = prepare(CatalogQueries.SEQUENCES, params);
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                String ownedTable = rs.getString("owned_table");
                ColumnRef ownedBy = ownedTable == null
                        ? null
                        : new ColumnRef(rs.getString("owned_schema"), ownedTable, rs.getString("owned_column"));
                contents.get(rs.getString("nspname"))
                        .sequences
                        .add(new Sequence(
                                rs.getString("relname"),
                                rs.getString("data_type"),
                                rs.getLong("seqstart"),
                                rs.getLong("seqincrement"),
                                rs.getLong("seqmin"),
                                rs.getLong("seqmax"),
                                rs.getLong("seqcache"),
                                rs.getBoolean("seqcycle"),
                                ownedBy,
                                rs.getBoolean("identity"),
                                rs.getString("owner"),
                                rs.getString("comment"),
                                json(rs.getString("grants"), GRANTS),
                                rs.getString("extname")));
            }
        }
    }

    private void readTypes(Object[] params, Map<String, SchemaContents> contents) throws SQLException {
        try (PreparedStatement ps = prepare(CatalogQueries.TYPES, params);
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                SchemaContents into = contents.get(rs.getString("nspname"));
                String name = rs.getString("typname");
                String owner = rs.getString("owner");
                String comment = rs.getString("comment");
                String extension = rs.getString("extname");
                switch (rs.getString("typtype")) {
                    case "e" ->
                        into.enums.add(new EnumType(name, owner, comment, strings(rs.getArray("labels")), extension));
                    case "c" ->
                        into.compositeTypes.add(new CompositeType(
                                name, owner, comment, json(rs.getString("attributes"), ATTRIBUTES), extension));
                    case "d" ->
                        into.domains.add(new Domain(
                                name,
                                owner,
                                comment,
                                rs.getString("base_type"),
                                rs.getBoolean("typnotnull"),
                                rs.getString("typdefault"),
                                rs.getString("domain_collation"),
                                json(rs.getString("domain_constraints"), DOMAIN_CONSTRAINTS),
                                extension));
                    case "r" ->
                        into.rangeTypes.add(new RangeType(
                                name,
                                owner,
                                comment,
                                rs.getString("range_subtype"),
                                rs.getString("range_opclass"),
                                rs.getString("range_collation"),
                                rs.getString("range_canonical"),
                                rs.getString("range_subdiff"),
                                rs.getString("multirange"),
                                extension));
                    default -> throw new IllegalStateException("unexpected typtype " + rs.getString("typtype"));
                }
            }
        }
    }

    /** Keyed by schema name; the database-wide entries under null. */
    private Map<String, List<DefaultPrivilege>> readDefaultPrivileges(Object schemas) throws SQLException {
        Map<String, List<DefaultPrivilege>> bySchema = new HashMap<>();
        try (PreparedStatement ps = prepare(CatalogQueries.DEFAULT_PRIVILEGES, schemas);
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                String schema = rs.getString("nspname");
                for (Grant g : json(rs.getString("grants"), GRANTS)) {
                    bySchema.computeIfAbsent(schema, k -> new ArrayList<>())
                            .add(new DefaultPrivilege(
                                    rs.getString("role"),
                                    schema,
                                    rs.getString("object_type"),
                                    g.grantee(),
                                    g.privileges(),
                                    g.grantable()));
                }
            }
        }
        return bySchema;
    }

    private List<Extension> readExtensions() throws SQLException {
        List<Extension> extensions = new ArrayList<>();
        try (PreparedStatement ps = prepare(CatalogQueries.EXTENSIONS);
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                extensions.add(new Extension(
                        rs.getString(1), rs.getString(2), rs.getString(3), rs.getBoolean(4), rs.getString(5)));
            }
        }
        return extensions;
    }

    private List<Schema> readSchemas(
            Object schemas, Map<String, SchemaContents> contents, Map<String, List<DefaultPrivilege>> defaults)
            throws SQLException {
        List<Schema> result = new ArrayList<>();
        try (PreparedStatement ps = prepare(CatalogQueries.SCHEMAS, schemas);
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                String name = rs.getString("nspname");
                SchemaContents c = contents.get(name);
                result.add(new Schema(
                        name,
                        rs.getString("owner"),
                        rs.getString("comment"),
                        rs.getInt("extension_objects"),
                        json(rs.getString("grants"), GRANTS),
                        defaults.getOrDefault(name, List.of()),
                        c.tables,
                        c.views,
                        c.materializedViews,
                        c.functions,
                        c.sequences,
                        c.enums,
                        c.compositeTypes,
                        c.domains,
                        c.rangeTypes,
                        false));
            }
        }
        return result;
    }

    // ---- JDBC helpers ------------------------------------------------------------------------------

    private PreparedStatement prepare(String sql, Object... params) throws SQLException {
        PreparedStatement ps = conn.prepareStatement(sql);
        for (int i = 0; i < params.length; i++) {
            ps.setObject(i + 1, params[i]);
        }
        queriesRun++;
        return ps;
    }

    private static List<String> strings(Array array) throws SQLException {
        if (array == null) {
            return List.of();
        }
        Object[] values = (Object[]) array.getArray();
        return Arrays.stream(values).map(v -> v == null ? null : v.toString()).toList();
    }

    private static Long nullableLong(ResultSet rs, String column) throws SQLException {
        long v = rs.getLong(column);
        return rs.wasNull() ? null : v;
    }

    private static <T> T json(String text, TypeReference<T> type) {
        if (text == null) {
            return Json.MAPPER.convertValue(List.of(), type);
        }
        try {
            return Json.MAPPER.readValue(text, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("catalog query returned malformed json: " + e.getOriginalMessage(), e);
        }
    }

    /** A failed catalog query as the error an operator can act on (also used for the dependency query). */
    public static SupaException queryFailure(SQLException e) {
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        String message = "Reading the catalog failed: " + PgErrors.firstLine(e.getMessage());
        if (state.startsWith("08")) {
            return new SupaException(
                    ErrorCode.CONNECTION_LOST, message, "Check the connection to the server and run again.", e);
        }
        if (state.equals("42501")) {
            return new SupaException(
                    ErrorCode.QUERY_PERMISSION_DENIED,
                    message,
                    "Connect as a role that may read the system catalogs (the schema owner or postgres).",
                    e);
        }
        return new SupaException(
                ErrorCode.QUERY_FAILED,
                message,
                "Run again with --verbose and report it as a bug, with the PostgreSQL version.",
                Map.of("sqlState", state),
                e);
    }
}
