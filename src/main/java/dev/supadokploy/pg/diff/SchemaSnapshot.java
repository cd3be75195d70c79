package dev.supadokploy.pg.diff;

import dev.supadokploy.pg.catalog.Catalog;
import dev.supadokploy.pg.catalog.CatalogReader;
import dev.supadokploy.pg.catalog.Schema;
import dev.supadokploy.pg.catalog.SchemaSelection;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * One side of a diff: the catalog of the selected schemas, the dependencies among their objects, and the roles of
 * its server (owners are set only to roles that exist there; the user who reads it owns what the script creates).
 */
public record SchemaSnapshot(Catalog catalog, Dependencies dependencies, Roles roles) {
    static final String ROLES = "SELECT current_user::text, array_agg(rolname::text) FROM pg_roles";

    /** Reads the catalog (its own read-only snapshot), then the dependencies of the schemas it holds. */
    public static SchemaSnapshot read(
            Connection connection, SchemaSelection selection, boolean includeExtensionObjects) {
        Catalog catalog = new CatalogReader(connection).read(selection, includeExtensionObjects);
        try {
            Dependencies dependencies = Dependencies.read(
                    connection, catalog.schemas().stream().map(Schema::name).toList());
            try (java.sql.Statement statement = connection.createStatement();
                    java.sql.ResultSet rows = statement.executeQuery(ROLES)) {
                rows.next();
                return new SchemaSnapshot(
                        catalog, dependencies, new Roles(rows.getString(1), java.util.Set.of((String[])
                                rows.getArray(2).getArray())));
            }
        } catch (SQLException e) {
            throw CatalogReader.queryFailure(e);
        }
    }

    public static DiffPlan compare(SchemaSnapshot source, SchemaSnapshot target, DiffOptions options) {
        return SchemaDiff.compare(
                source.catalog(),
                source.dependencies(),
                target.catalog(),
                target.dependencies(),
                target.roles(),
                options);
    }
}
