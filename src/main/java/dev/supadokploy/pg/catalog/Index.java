package dev.supadokploy.pg.catalog;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import java.util.Comparator;
import java.util.List;

/**
 * An index. {@code definition} is {@code pg_get_indexdef}; the rest is structured.
 *
 * @param method           access method: btree, gist, gin, hash, brin, spgist …
 * @param keys             key columns or expressions, in order
 * @param include          INCLUDE (…) columns
 * @param predicate        WHERE clause of a partial index, else null
 * @param nullsNotDistinct UNIQUE NULLS NOT DISTINCT (PostgreSQL 15+; always false before)
 * @param constraint       the primary key, unique or exclusion constraint this index enforces, else null
 * @param valid            false while a CREATE INDEX CONCURRENTLY is unfinished or failed
 * @param inherited        attached to an index of the parent partitioned table; recreated with it
 */
@JsonClassDescription(
        "An index: definition, method, unique, key and INCLUDE columns, partial predicate, backing constraint")
public record Index(
        String name,
        String definition,
        String method,
        boolean unique,
        boolean primary,
        List<String> keys,
        List<String> include,
        String predicate,
        boolean nullsNotDistinct,
        String constraint,
        boolean valid,
        boolean inherited,
        String comment) {
    static final Comparator<Index> ORDER = Comparator.comparing(Index::name);

    public Index {
        keys = Sorted.kept(keys);
        include = Sorted.kept(include);
    }
}
