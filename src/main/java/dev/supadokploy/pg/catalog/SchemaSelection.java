package dev.supadokploy.pg.catalog;

import dev.supadokploy.errors.ErrorCode;
import dev.supadokploy.errors.SupaException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which schemas to read: every schema in {@code named}, plus, with {@code all}, every user schema not in
 * {@code excludedFromAll} (callers pass the platform's managed schemas there, so "all" means "all of
 * mine"); and, with {@code managedParts}, what the application put on the tables of those managed schemas that exist and
 * are not read in full ({@link ManagedParts}). System schemas ({@code pg_catalog}, {@code information_schema},
 * {@code pg_toast*}, {@code pg_temp*}) are never read: they are the same in every database of a version.
 */
public record SchemaSelection(List<String> named, boolean all, Set<String> excludedFromAll, ManagedParts managedParts) {

    public SchemaSelection {
        named = named == null ? List.of() : List.copyOf(new LinkedHashSet<>(named));
        excludedFromAll = excludedFromAll == null ? Set.of() : Set.copyOf(excludedFromAll);
    }

    public SchemaSelection(List<String> named, boolean all, Set<String> excludedFromAll) {
        this(named, all, excludedFromAll, null);
    }

    public static SchemaSelection of(String... names) {
        return new SchemaSelection(List.of(names), false, Set.of());
    }

    public static SchemaSelection all(Set<String> excluded) {
        return new SchemaSelection(List.of(), true, excluded);
    }

    /** The same, also reading what the application put on the tables of those managed schemas. */
    public SchemaSelection withManagedParts(ManagedParts parts) {
        return new SchemaSelection(named, all, excludedFromAll, parts);
    }

    /** The managed schemas read in part: those of {@link #managedParts} that exist and are not in {@code chosen}. */
    public List<String> partlyRead(List<String> existing, List<String> chosen) {
        return managedParts == null
                ? List.of()
                : existing.stream()
                        .filter(s -> managedParts.schemas().contains(s) && !chosen.contains(s))
                        .sorted()
                        .toList();
    }

    /** pg_* schemas are reserved (CREATE SCHEMA pg_x fails), so the prefix is exact. */
    public static boolean isSystem(String schema) {
        return schema.startsWith("pg_") || schema.equals("information_schema");
    }

    /**
     * The schemas to read, sorted, checked against the user schemas that exist.
     *
     * @throws SupaException VALIDATION_INVALID_INPUT naming the existing schemas when a named one is a
     *                       system schema or does not exist
     */
    public List<String> resolve(List<String> existing, String database) {
        Set<String> chosen = new TreeSet<>();
        List<String> unknown = new ArrayList<>();
        for (String name : named) {
            if (isSystem(name)) {
                throw new SupaException(
                        ErrorCode.VALIDATION_INVALID_INPUT,
                        "'" + name + "' is a system schema; only user schemas are inspected",
                        "Existing schemas: " + String.join(", ", existing) + ".",
                        Map.of("schema", name, "existingSchemas", existing),
                        null);
            }
            if (existing.contains(name)) {
                chosen.add(name);
            } else {
                unknown.add(name);
            }
        }
        if (!unknown.isEmpty()) {
            throw new SupaException(
                    ErrorCode.VALIDATION_INVALID_INPUT,
                    (unknown.size() == 1
                                    ? "Schema '" + unknown.get(0) + "' does not"
                                    : "Schemas " + unknown + " do not")
                            + " exist in database " + database,
                    nearMiss(unknown, existing) + "Existing schemas: " + String.join(", ", existing) + ".",
                    Map.of("unknownSchemas", unknown, "existingSchemas", existing),
                    null);
        }
        if (all) {
            existing.stream()
                    .filter(s -> !isSystem(s) && !excludedFromAll.contains(s))
                    .forEach(chosen::add);
        }
        return List.copyOf(chosen);
    }

    /** Schema names are case-sensitive; "Public" for "public" is the usual slip. */
    private static String nearMiss(List<String> unknown, List<String> existing) {
        for (String u : unknown) {
            for (String e : existing) {
                if (e.toLowerCase(Locale.ROOT).equals(u.toLowerCase(Locale.ROOT))) {
                    return "Schema names are case-sensitive: did you mean '" + e + "'? ";
                }
            }
        }
        return "";
    }
}
