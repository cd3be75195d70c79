package dev.supadokploy.backup;

import dev.supadokploy.pg.catalog.Catalog;
import dev.supadokploy.pg.diff.Dependencies;

/**
 * The schema section: the catalog model of the backed-up schemas and the dependencies among their objects, read in
 * the backup's snapshot. A restore diffs it against the target (an empty database gives the full DDL, in dependency
 * order) rather than replaying stored SQL, so objects the target already has (schema public, extensions) are kept.
 */
public record ArchivedSchema(Catalog catalog, Dependencies dependencies) {}
