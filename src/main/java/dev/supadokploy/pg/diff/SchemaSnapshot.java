package dev.supadokploy.pg.diff;

import dev.supadokploy.pg.catalog.Catalog;
import dev.supadokploy.pg.catalog.CatalogReader;
import dev.supadokploy.pg.catalog.SchemaSelection;
import dev.supadokploy.pg.catalog.Schema;
import java.sql.Connection;
import java.sql.SQLException;

/** One side of a diff: the catalog of the selected schemas and the dependencies among their objects. */
public record SchemaSnapshot(Catalog catalog, Dependencies dependencies) {

    /** Reads the catalog (its own read-only snapshot), then the dependencies of the schemas it holds. */
    public static SchemaSnapshot read(Connection connection, SchemaSelection selection, boolean includeExtensionObjects) {
        Catalog catalog = new CatalogReader(connection).read(selection, includeExtensionObjects);
        try {
            return new SchemaSnapshot(catalog, Dependencies.read(connection, catalog.schemas().stream().map(Schema::name).toList()));
        } catch (SQLException e) {
            throw CatalogReader.queryFailure(e);
        }
    }

    public static DiffPlan compare(SchemaSnapshot source, SchemaSnapshot target, DiffOptions options) {
        return SchemaDiff.compare(source.catalog(), source.dependencies(), target.catalog(), target.dependencies(), options);
    }
}
