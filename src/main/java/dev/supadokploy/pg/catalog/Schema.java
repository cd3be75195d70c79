package dev.supadokploy.pg.catalog;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * One schema and everything in it. Every list is sorted by name (functions by name and identity
 * arguments), so equal schemas serialise to identical JSON.
 *
 * @param extensionObjects  how many tables, views, sequences, functions and types in this schema belong
 *                          to an extension; they are listed only when the catalog was read with
 *                          extension objects included
 * @param grants            USAGE and CREATE on the schema
 * @param defaultPrivileges ALTER DEFAULT PRIVILEGES IN SCHEMA this schema
 * @param tables            ordinary, partitioned and partition tables
 * @param managed           a schema Supabase's services own and migrate (auth, storage …), read only for what the
 *                          application put on its tables: its tables then carry only the application's triggers (those
 *                          calling functions outside the managed schemas), policies and privileges given to roles that
 *                          are not the platform's, and are never created, altered or dropped
 */
@JsonClassDescription("A schema: owner, comment, grants and all the objects in it")
public record Schema(
        String name,
        String owner,
        String comment,
        int extensionObjects,
        List<Grant> grants,
        List<DefaultPrivilege> defaultPrivileges,
        List<Table> tables,
        List<View> views,
        List<MaterializedView> materializedViews,
        List<Function> functions,
        List<Sequence> sequences,
        List<EnumType> enums,
        List<CompositeType> compositeTypes,
        List<Domain> domains,
        List<RangeType> rangeTypes,
        boolean managed) {
    static final Comparator<Schema> ORDER = Comparator.comparing(Schema::name);

    public Schema {
        grants = Sorted.by(grants, Grant.ORDER);
        defaultPrivileges = Sorted.by(defaultPrivileges, DefaultPrivilege.ORDER);
        tables = Sorted.by(tables, Table.ORDER);
        views = Sorted.by(views, View.ORDER);
        materializedViews = Sorted.by(materializedViews, MaterializedView.ORDER);
        functions = Sorted.by(functions, Function.ORDER);
        sequences = Sorted.by(sequences, Sequence.ORDER);
        enums = Sorted.by(enums, EnumType.ORDER);
        compositeTypes = Sorted.by(compositeTypes, CompositeType.ORDER);
        domains = Sorted.by(domains, Domain.ORDER);
        rangeTypes = Sorted.by(rangeTypes, RangeType.ORDER);
    }

    /** A managed schema read in part ({@link ManagedParts}): the tables the application put something on. */
    public static Schema managedPart(String name, List<Table> tables) {
        return new Schema(
                name, null, null, 0, List.of(), List.of(), tables, List.of(), List.of(), List.of(), List.of(),
                List.of(), List.of(), List.of(), List.of(), true);
    }

    /** This schema's name, owner, comment, grants and default privileges, with other objects. */
    public Schema with(
            List<Table> tables,
            List<View> views,
            List<MaterializedView> materializedViews,
            List<Function> functions,
            List<Sequence> sequences,
            List<EnumType> enums,
            List<CompositeType> compositeTypes,
            List<Domain> domains,
            List<RangeType> rangeTypes) {
        return new Schema(
                name,
                owner,
                comment,
                extensionObjects,
                grants,
                defaultPrivileges,
                tables,
                views,
                materializedViews,
                functions,
                sequences,
                enums,
                compositeTypes,
                domains,
                rangeTypes,
                managed);
    }

    public Optional<Table> table(String tableName) {
        return tables.stream().filter(t -> t.name().equals(tableName)).findFirst();
    }

    public Optional<View> view(String viewName) {
        return views.stream().filter(v -> v.name().equals(viewName)).findFirst();
    }

    public Optional<MaterializedView> materializedView(String viewName) {
        return materializedViews.stream().filter(v -> v.name().equals(viewName)).findFirst();
    }

    /** All overloads of a function or procedure. */
    public List<Function> functions(String functionName) {
        return functions.stream().filter(f -> f.name().equals(functionName)).toList();
    }

    public Optional<Sequence> sequence(String sequenceName) {
        return sequences.stream().filter(s -> s.name().equals(sequenceName)).findFirst();
    }
}
