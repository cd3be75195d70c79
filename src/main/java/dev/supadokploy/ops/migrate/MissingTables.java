package dev.supadokploy.ops.migrate;

import dev.supadokploy.pg.catalog.Catalog;
import dev.supadokploy.pg.catalog.QualifiedName;
import dev.supadokploy.pg.catalog.Schema;
import dev.supadokploy.pg.catalog.Sequence;
import dev.supadokploy.pg.catalog.Table;
import dev.supadokploy.pg.diff.Dependencies;
import dev.supadokploy.pg.diff.DiffOptions;
import dev.supadokploy.pg.diff.DiffPlan;
import dev.supadokploy.pg.diff.SchemaDiff;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * {@code --create-tables}: the DDL for tables the target lacks, made by the schema diff from two cut-down catalogs —
 * the source's with only the missing tables (and the sequences they own), the target's with nothing in those schemas.
 * Everything else (schema grants, extensions, default privileges) is the target's own on both sides, so the script
 * creates those tables with their columns, constraints, indexes, triggers, policies, grants and comments, and
 * touches nothing else. What they need and the target lacks (a type, a function, a referenced table) makes the
 * script fail as a whole, and the error says so.
 */
final class MissingTables {
    private MissingTables() {}

    static DiffPlan plan(Catalog source, Dependencies sourceDependencies, Catalog target, List<QualifiedName> missing) {
        Map<String, List<QualifiedName>> bySchema = new TreeMap<>();
        missing.forEach(n -> bySchema.computeIfAbsent(n.schema(), s -> new ArrayList<>()).add(n));
        List<Schema> wanted = new ArrayList<>();
        List<Schema> present = new ArrayList<>();
        for (Map.Entry<String, List<QualifiedName>> e : bySchema.entrySet()) {
            Schema sourceSchema = source.schema(e.getKey()).orElseThrow();
            Optional<Schema> targetSchema = target.schema(e.getKey());
            Set<String> names = new java.util.HashSet<>(e.getValue().stream().map(QualifiedName::name).toList());
            List<Table> tables = sourceSchema.tables().stream().filter(t -> names.contains(t.name())).toList();
            List<Sequence> owned = sourceSchema.sequences().stream()
                    .filter(s -> s.ownedBy() != null && s.ownedBy().schema().equals(e.getKey()) && names.contains(s.ownedBy().table()))
                    .toList();
            Schema attributes = targetSchema.orElse(sourceSchema);
            wanted.add(only(attributes, tables, owned));
            targetSchema.ifPresent(s -> present.add(only(s, List.of(), List.of())));
        }
        Catalog from = new Catalog(source.database(), source.serverVersion(), source.serverVersionNum(), false,
                target.extensions(), target.defaultPrivileges(), wanted);
        Catalog to = new Catalog(target.database(), target.serverVersion(), target.serverVersionNum(), false,
                target.extensions(), target.defaultPrivileges(), present);
        // No roles: the new tables belong to the target's login, as anything it creates.
        return SchemaDiff.compare(from, sourceDependencies, to, Dependencies.NONE, null, DiffOptions.DEFAULT);
    }

    private static Schema only(Schema s, List<Table> tables, List<Sequence> sequences) {
        return s.with(tables, List.of(), List.of(), List.of(), sequences, List.of(), List.of(), List.of(), List.of());
    }
}
