package dev.supadokploy.ops.backup;

import dev.supadokploy.backup.ArchivedSchema;
import dev.supadokploy.pg.catalog.Catalog;
import dev.supadokploy.pg.diff.Change;
import dev.supadokploy.pg.diff.Dependencies;
import dev.supadokploy.pg.diff.DiffOptions;
import dev.supadokploy.pg.diff.DiffPlan;
import dev.supadokploy.pg.diff.Phase;
import dev.supadokploy.pg.diff.Roles;
import dev.supadokploy.pg.diff.SchemaDiff;
import java.util.List;

/**
 * The DDL a restore runs: the schema diff of the archived catalog against the target's (an empty database: the full
 * DDL in dependency order), cut in two by phase. Pre-data (schemas, extensions, types, sequences, functions, tables
 * with their columns and defaults) runs before the rows; post-data (views and materialized views, which are filled
 * from the rows, indexes, constraints, triggers, row security, policies, owners, grants, comments) after them, so
 * the rows load without index upkeep, constraint checks or triggers.
 */
record RestoreDdl(List<Change> pre, List<Change> post, DiffPlan plan) {

    static RestoreDdl of(ArchivedSchema schema, Catalog target, Dependencies targetDependencies, Roles roles) {
        DiffPlan plan = SchemaDiff.compare(
                schema.catalog(), schema.dependencies(), target, targetDependencies, roles, DiffOptions.DEFAULT);
        List<Change> statements = plan.scripted();
        List<Change> pre = statements.stream().filter(c -> !postData(c)).toList();
        List<Change> post = statements.stream().filter(RestoreDdl::postData).toList();
        return new RestoreDdl(pre, post, plan);
    }

    /** Against a database with nothing in it: what verify and a dry run without a connection report. */
    static RestoreDdl ofEmpty(ArchivedSchema schema) {
        return of(schema, schema.catalog().empty(), Dependencies.NONE, null);
    }

    static boolean postData(Change c) {
        return c.phase().ordinal() >= Phase.CREATE_VIEWS.ordinal();
    }

    int statements() {
        return pre.size() + post.size();
    }
}
