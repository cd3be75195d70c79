/**
 * Copying tables from one database to another, shared by {@code migrate data} and {@code backup}: which tables and how
 * to split them ({@code TablePatterns}, {@code CopyPlanner}, {@code TablePlan}, {@code CopyPart}), the copy itself on
 * parallel sessions with a checkpoint to resume from ({@code ParallelCopy}, {@code Checkpoint}, {@code CopyProgress}),
 * and what follows it ({@code SequenceSync}, {@code MissingTables}, {@code Checksums}). The COPY streams underneath
 * are in {@code pg/copy}. Imports no group.
 */
package dev.supadokploy.ops.copy;
