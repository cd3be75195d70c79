package dev.supadokploy.pg.catalog;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import java.util.List;
import java.util.Optional;

/**
 * The catalog model of a database: what {@code db inspect} shows, what a schema diff compares, what a
 * backup stores as its schema. It carries names, never OIDs (they differ between any two databases),
 * and every list is sorted, so two reads of an unchanged database give byte-identical JSON.
 *
 * @param serverVersionNum          e.g. 170006; definitions such as {@code pg_get_functiondef} text vary
 *                                  slightly between major versions
 * @param extensionObjectsIncluded  whether objects that belong to extensions were read (each then names
 *                                  its extension); when false they are left out and only counted per schema
 * @param extensions                every installed extension, whichever schemas were read
 * @param defaultPrivileges         database-wide ALTER DEFAULT PRIVILEGES (without IN SCHEMA); the
 *                                  schema-scoped ones are on their schema
 * @param schemas                   the schemas that were read, by name
 */
@JsonClassDescription("The catalog model of a database: schemas and their objects, extensions, default privileges")
public record Catalog(
        String database,
        String serverVersion,
        int serverVersionNum,
        boolean extensionObjectsIncluded,
        List<Extension> extensions,
        List<DefaultPrivilege> defaultPrivileges,
        List<Schema> schemas) {

    public Catalog {
        extensions = Sorted.by(extensions, Extension.ORDER);
        defaultPrivileges = Sorted.by(defaultPrivileges, DefaultPrivilege.ORDER);
        schemas = Sorted.by(schemas, Schema.ORDER);
    }

    /** The same database and server with nothing in it: diffed against, it gives the DDL that creates this catalog. */
    public Catalog empty() {
        return new Catalog(database, serverVersion, serverVersionNum, false, List.of(), List.of(), List.of());
    }

    /** The same database and server with these schemas. */
    public Catalog withSchemas(List<Schema> schemas) {
        return new Catalog(
                database,
                serverVersion,
                serverVersionNum,
                extensionObjectsIncluded,
                extensions,
                defaultPrivileges,
                schemas);
    }

    public Optional<Schema> schema(String name) {
        return schemas.stream().filter(s -> s.name().equals(name)).findFirst();
    }
}
