package dev.supadokploy.pg.diff;

import dev.supadokploy.pg.catalog.Catalog;
import dev.supadokploy.pg.catalog.Schema;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What a {@link DiffFamily} works with: the desired state (source), the current one (target), their dependencies,
 * the options, and where statements go. Families run in order; an earlier one can ask later ones to rebuild an
 * object that its change would break ({@link #rebuild}), such as a view over a column whose type changes.
 */
final class DiffContext {
    private final Catalog source;
    private final Catalog target;
    private final Dependencies sourceDependencies;
    private final Dependencies targetDependencies;
    private final DiffOptions options;
    private final Roles targetRoles;
    private final List<Change> changes = new ArrayList<>();
    private final Set<String> rebuild = new LinkedHashSet<>();
    private final Set<String> remade = new LinkedHashSet<>();

    DiffContext(
            Catalog source,
            Dependencies sourceDependencies,
            Catalog target,
            Dependencies targetDependencies,
            Roles targetRoles,
            DiffOptions options) {
        this.targetRoles = targetRoles;
        this.source = source;
        this.target = target;
        this.sourceDependencies = sourceDependencies;
        this.targetDependencies = targetDependencies;
        this.options = options;
    }

    Catalog source() {
        return source;
    }

    Catalog target() {
        return target;
    }

    Dependencies sourceDependencies() {
        return sourceDependencies;
    }

    Dependencies targetDependencies() {
        return targetDependencies;
    }

    DiffOptions options() {
        return options;
    }

    /** The target's roles; null when unknown. */
    Roles targetRoles() {
        return targetRoles;
    }

    /** Every schema either side holds, sorted: what each family walks. */
    java.util.SortedSet<String> schemaNames() {
        java.util.SortedSet<String> names = new java.util.TreeSet<>();
        source.schemas().forEach(s -> names.add(s.name()));
        target.schemas().forEach(s -> names.add(s.name()));
        return names;
    }

    /**
     * A managed schema read in part on either side ({@link Schema#managed}): its tables are the platform's, only what the
     * application put on them is compared.
     */
    boolean managed(String schema) {
        return source.schema(schema).map(Schema::managed).orElse(false)
                || target.schema(schema).map(Schema::managed).orElse(false);
    }

    Optional<Schema> sourceSchema(String name) {
        return source.schema(name);
    }

    Optional<Schema> targetSchema(String name) {
        return target.schema(name);
    }

    void emit(Change change) {
        changes.add(change);
    }

    List<Change> changes() {
        return changes;
    }

    /**
     * Everything in the target that depends on {@code key} must be dropped before the change and created again
     * after it, even if it did not change itself.
     */
    void rebuildDependentsOf(String key) {
        rebuild.addAll(targetDependencies.dependentsOf(key));
    }

    /**
     * {@code key} itself is made again by this diff (a type recreated under its name): families of what hangs on it
     * and is lost with it (comments, owners, grants) must set those again.
     */
    void rebuild(String key) {
        rebuild.add(key);
        remade.add(key);
    }

    /** The objects {@link #rebuild} named: made again under the same name, without a drop statement of their key. */
    Set<String> remade() {
        return remade;
    }

    boolean mustRebuild(String key) {
        return rebuild.contains(key);
    }
}
