package dev.supadokploy.pg.catalog;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * A table: an ordinary table, a partitioned table, or a partition (an ordinary or partitioned table
 * with {@code partitionOf} set).
 *
 * @param kind            {@code table} or {@code partitioned_table}
 * @param unlogged        CREATE UNLOGGED TABLE
 * @param partitionKey    partitioned tables: {@code pg_get_partkeydef}, e.g. {@code RANGE (booked_on)}
 * @param partitionOf     partitions: the parent table
 * @param partitionBound  partitions: e.g. {@code FOR VALUES FROM ('2024-01-01') TO ('2025-01-01')}
 * @param inherits        parents by plain (non-partition) inheritance, in INHERITS order
 * @param rlsEnabled      ALTER TABLE … ENABLE ROW LEVEL SECURITY
 * @param rlsForced       ALTER TABLE … FORCE ROW LEVEL SECURITY (applies to the owner too)
 * @param replicaIdentity default, nothing, full or index (logical replication, Supabase Realtime)
 * @param options         storage parameters (reloptions), e.g. {@code fillfactor=70}
 * @param rowEstimate     planner estimate (pg_class.reltuples; partitioned tables: sum over partitions);
 *                        null when the table was never analysed
 * @param totalBytes      size including indexes and TOAST (partitioned tables: sum over partitions)
 * @param grants          table-level privileges; column-level ones are on the columns
 * @param extension       the extension this table belongs to, when extension objects are included
 */
@JsonClassDescription("A table with its columns, constraints, indexes, triggers, RLS policies and grants")
public record Table(
        String name,
        String kind,
        String owner,
        String comment,
        boolean unlogged,
        String partitionKey,
        QualifiedName partitionOf,
        String partitionBound,
        List<QualifiedName> inherits,
        boolean rlsEnabled,
        boolean rlsForced,
        String replicaIdentity,
        List<String> options,
        Long rowEstimate,
        Long totalBytes,
        List<Column> columns,
        List<Constraint> constraints,
        List<Index> indexes,
        List<Trigger> triggers,
        List<Policy> policies,
        List<Grant> grants,
        String extension) {
    public static final String KIND_TABLE = "table";
    public static final String KIND_PARTITIONED = "partitioned_table";
    static final Comparator<Table> ORDER = Comparator.comparing(Table::name);

    public Table {
        inherits = Sorted.kept(inherits);
        options = Sorted.strings(options);
        columns = Sorted.by(columns, Column.ORDER);
        constraints = Sorted.by(constraints, Constraint.ORDER);
        indexes = Sorted.by(indexes, Index.ORDER);
        triggers = Sorted.by(triggers, Trigger.ORDER);
        policies = Sorted.by(policies, Policy.ORDER);
        grants = Sorted.by(grants, Grant.ORDER);
    }

    /**
     * A table of a managed schema read in part ({@link ManagedParts}): only what the application put on it, the columns
     * listed being those it granted privileges on.
     */
    public static Table managedPart(
            String name, List<Column> columns, List<Trigger> triggers, List<Policy> policies, List<Grant> grants) {
        return new Table(
                name,
                KIND_TABLE,
                null,
                null,
                false,
                null,
                null,
                null,
                List.of(),
                false,
                false,
                null,
                List.of(),
                null,
                null,
                columns,
                List.of(),
                List.of(),
                triggers,
                policies,
                grants,
                null);
    }

    public Optional<Column> column(String columnName) {
        return columns.stream().filter(c -> c.name().equals(columnName)).findFirst();
    }

    public Optional<Constraint> constraint(String constraintName) {
        return constraints.stream().filter(c -> c.name().equals(constraintName)).findFirst();
    }

    public Optional<Index> index(String indexName) {
        return indexes.stream().filter(i -> i.name().equals(indexName)).findFirst();
    }

    public Optional<Trigger> trigger(String triggerName) {
        return triggers.stream().filter(t -> t.name().equals(triggerName)).findFirst();
    }

    public Optional<Policy> policy(String policyName) {
        return policies.stream().filter(p -> p.name().equals(policyName)).findFirst();
    }
}
