package dev.supadokploy.ops.migrate;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.supadokploy.errors.ErrorCode;
import dev.supadokploy.errors.ErrorFamily;
import dev.supadokploy.errors.SupaException;
import dev.supadokploy.ops.BaseOperation;
import dev.supadokploy.ops.Doc;
import dev.supadokploy.ops.OperationContext;
import dev.supadokploy.ops.OperationInfo;
import dev.supadokploy.ops.OperationInfo.Hint;
import dev.supadokploy.ops.connection.Databases;
import dev.supadokploy.ops.connection.TwoDatabases;
import dev.supadokploy.ops.copy.Checkpoint;
import dev.supadokploy.ops.copy.CopyPart;
import dev.supadokploy.ops.copy.CopyPlanner;
import dev.supadokploy.ops.copy.CopyProgress;
import dev.supadokploy.ops.copy.DataText;
import dev.supadokploy.ops.copy.MissingTables;
import dev.supadokploy.ops.copy.ParallelCopy;
import dev.supadokploy.ops.copy.SequenceSync;
import dev.supadokploy.ops.copy.TablePatterns;
import dev.supadokploy.ops.copy.TablePlan;
import dev.supadokploy.pg.ConnectionTarget;
import dev.supadokploy.pg.PgErrors;
import dev.supadokploy.pg.PgIdentifiers;
import dev.supadokploy.pg.catalog.Catalog;
import dev.supadokploy.pg.catalog.CatalogReader;
import dev.supadokploy.pg.catalog.QualifiedName;
import dev.supadokploy.pg.catalog.SchemaSelection;
import dev.supadokploy.pg.catalog.Table;
import dev.supadokploy.pg.copy.CopySessions;
import dev.supadokploy.pg.copy.KeyRange;
import dev.supadokploy.pg.copy.RowChecksum;
import dev.supadokploy.pg.diff.Change;
import dev.supadokploy.pg.diff.Dependencies;
import dev.supadokploy.pg.diff.Roles;
import dev.supadokploy.supabase.ManagedSchemas;
import dev.supadokploy.util.Background;
import dev.supadokploy.util.ByteSize;
import dev.supadokploy.util.Json;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;

/**
 * {@code migrate data} / {@code cross_instance_migrate}: table rows from one database to another through COPY streams,
 * several tables (and key ranges of large ones) at once, each part proven by a checksum computed on both servers, and
 * resumable after an interruption without copying anything twice. The source is only read, in one snapshot.
 */
public final class MigrateDataOperation extends BaseOperation<MigrateDataOperation.Input, MigrateDataOperation.Result> {
    static final long DEFAULT_SPLIT_BYTES = 256L << 20;
    static final int MAX_PARTS_PER_TABLE = 256;

    public record Input(
            Databases databases,

            @Doc(
                    "Tables to copy: schema.table names or globs (public.*, public.order_*); a bare name is in public; comma-separated "
                            + "or repeated. Default: every table of every user schema. Supabase-managed schemas (auth, storage…) only when "
                            + "a pattern names the schema (auth.users, auth.*)")
            List<String> tables,

            @Doc("Tables to leave out, same forms as tables")
            List<String> exclude,

            @Doc(
                    "Create tables the target lacks from the source's catalog (columns, constraints, indexes, policies, grants), with "
                            + "the schemas, types, domains, sequences, functions and extensions they need that the target lacks; a foreign "
                            + "key into a table neither copied nor on the target is refused. Without it, missing tables are an error that "
                            + "lists them")
            Boolean createTables,

            @Doc("Empty target tables that hold rows before loading them (asks for confirmation; MCP: confirm)")
            Boolean truncate,

            @Doc("Add to target tables that hold rows instead of refusing them")
            Boolean append,

            @Doc(
                    "Continue an interrupted run of the same source, target and tables: parts already loaded are kept, the rest copied")
            Boolean resume,

            @Doc("Tables (or key ranges) copied at once; default: the number of processors, at most 8")
            Integer jobs,

            @Doc(
                    "Prove each table (and key range) arrived whole: row count and checksum computed on both servers (default true)")
            Boolean verifyIntegrity,

            @Doc(
                    "Tables larger than this on disk are copied in key ranges of about this size, in parallel (default 256MB; "
                            + "needs a single-column integer or uuid primary key)")
            String splitSize) {
        /** A flag not given is off (verifyIntegrity: on), so the operation reads each plainly. */
        public Input {
            createTables = Objects.requireNonNullElse(createTables, false);
            truncate = Objects.requireNonNullElse(truncate, false);
            append = Objects.requireNonNullElse(append, false);
            resume = Objects.requireNonNullElse(resume, false);
            verifyIntegrity = Objects.requireNonNullElse(verifyIntegrity, true);
        }
    }

    /** What the whole run proved; its JSON is the constant's name. */
    public enum Verdict {
        verified,
        mismatch,
        dangling_references,
        not_verified
    }

    /** What one table's checksums proved. */
    public enum Integrity {
        verified,
        mismatch,
        not_verified
    }

    public record Result(
            @Doc("Source database (no password)") String source,
            @Doc("Target database (no password)") String target,

            @Doc(
                    "verified: every table's checksums match and no foreign key of a copied table points at a missing row; mismatch: "
                            + "some checksums differ (see mismatches); dangling_references: rows point at keys the target lacks (see "
                            + "danglingReferences); not_verified: verifyIntegrity was off, or a foreign key could not be checked (see warnings)")
            Verdict verdict,

            @Doc("Tables processed") int tablesProcessed,

            @Doc("Rows loaded into the target by this run (parts resumed from an earlier run included)")
            long rowsMigrated,

            @Doc("Bytes streamed by this run (COPY format)") long bytes,
            @Doc("Per table, in name order") List<TableResult> tables,

            @Doc("Parts whose checksums differ between source and target")
            List<Mismatch> mismatches,

            @Doc(
                    "Foreign keys of the copied tables checked in the target after loading: those into tables not copied, and, when "
                            + "checks were off while loading (triggersDeferred), those among copied tables that the source did not "
                            + "validate or whose rows were not all read at one moment (no shared snapshot, a resumed run, append)")
            int foreignKeysChecked,

            @Doc(
                    "Foreign keys whose rows point at keys the referenced table on the target lacks, with a count, sample keys and "
                            + "the remedy")
            List<DanglingReference> danglingReferences,

            @Doc("Sequences set on the target to the source's values")
            List<SequenceResult> sequences,

            @Doc("Tables created on the target (createTables)")
            List<String> createdTables,

            @Doc(
                    "What the created tables needed and the target lacked, created with them, in that order: schemas, extensions, "
                            + "types, domains, sequences, functions (e.g. type public.order_status, function public.next_order_number())")
            List<String> createdObjects,

            @Doc("Tables emptied before loading (truncate)") List<String> truncatedTables,

            @Doc("Parts an earlier, interrupted run had loaded (resume)")
            int partsResumed,

            @Doc(
                    "Workers copied from one snapshot of the source (false: the source could not export one; each worker read its own)")
            boolean sharedSnapshot,

            @Doc(
                    "Triggers and foreign-key checks were off while loading (session_replication_role = replica); else tables were "
                            + "loaded in foreign-key order with triggers firing")
            boolean triggersDeferred,

            @Doc("Workers") int jobs,

            @Doc("Id of this run in the target's checkpoint (resume continues it)")
            String runId,

            @Doc("Seconds, start to end") double seconds,

            @Doc("Things worth knowing that did not stop the run")
            List<String> warnings) {}

    public record TableResult(
            @Doc("schema.table") String table,
            @Doc("Rows loaded") long rows,
            @Doc("Bytes streamed (COPY format)") long bytes,

            @Doc("COPY format: binary (same major version and types) or text")
            String format,

            @Doc("Parts: 1, or the number of key ranges") int parts,
            @Doc("verified, mismatch or not_verified") Integrity integrity,

            @Doc("Rows on the source (checksum count), null when not verified")
            Long sourceRows,

            @Doc("Source checksum (sum of row hashes, 64-bit hex), null when not verified")
            String sourceChecksum,

            @Doc("Target checksum of the rows loaded, null when not verified")
            String targetChecksum,

            @Doc("Seconds spent loading its parts (summed over workers)")
            double seconds) {}

    public record Mismatch(
            @Doc("schema.table") String table,

            @Doc("The key range, [lower, upper), or null for the whole table")
            String range,

            @Doc("Rows on the source") long sourceRows,
            @Doc("Rows loaded on the target") long targetRows,
            @Doc("Source checksum") String sourceChecksum,
            @Doc("Target checksum") String targetChecksum) {}

    public record DanglingReference(
            @Doc("schema.table holding the rows") String table,
            @Doc("The foreign key") String constraint,
            @Doc("Its columns, in key order") List<String> columns,
            @Doc("schema.table it references") String referencedTable,

            @Doc("The referenced columns, matching columns position by position")
            List<String> referencedColumns,

            @Doc("Rows whose key matches no row of the referenced table (a key with a NULL in it is not checked, "
                    + "MATCH FULL: one all NULL)")
            long rows,

            @Doc("Up to 5 distinct dangling keys, e.g. (user_id)=(a0000000-…)")
            List<String> samples,

            @Doc("How to make the keys whole") String remedy) {}

    public record SequenceResult(
            @Doc("schema.table; null for a sequence createTables made that no column uses directly")
            String table,

            @Doc("Column the sequence serves; null likewise")
            String column,

            @Doc("The target's sequence") String sequence,
            @Doc("Value set (is_called true)") long value) {}

    public MigrateDataOperation() {
        super(
                Input.class,
                Result.class,
                new OperationInfo(
                        "cross_instance_migrate",
                        List.of("migrate", "data"),
                        "Migrate table data between databases",
                        "Copy table rows from a source PostgreSQL / Supabase database to a target through COPY streams (binary when both "
                                + "servers share a major version), several tables and key ranges of large tables at once, from one "
                                + "read-only snapshot of the source. Each table (and range) is checksummed on both servers and committed "
                                + "with a checkpoint row in the target, so an interrupted run continues with resume and never copies "
                                + "twice. Sequences are set to the source's values. Foreign keys the load did not check (into tables not "
                                + "copied, or all when checks were off while loading) are checked on the target afterwards: rows pointing at "
                                + "missing keys make the verdict dangling_references, never verified. Refuses non-empty target tables "
                                + "unless truncate or append; missing tables (and the types, functions, sequences they need) are created "
                                + "with createTables. Needs --allow-writes over MCP.",
                        // untrusted output: dangling keys are values read from the target's rows
                        // not idempotent: with append a second run copies the rows again
                        Hint.DESTRUCTIVE,
                        Hint.UNTRUSTED_OUTPUT));
    }

    /** The source side: one snapshot, the catalog read in it, and whether other sessions can share it. */
    private record SourceState(String snapshot, Catalog catalog, List<String> schemas) {}

    @Override
    public Result run(Input input, OperationContext ctx) {
        ctx.requireDatabaseWritesAllowed("migrate data loads the target");
        Run run = new Run(input, ctx);
        try (TwoDatabases both = TwoDatabases.open(run.sourceTarget, run.targetTarget, ctx)) {
            return run.steps(both);
        } catch (SQLException e) {
            throw new SupaException(
                    ErrorCode.CONNECTION_LOST,
                    "A database connection failed: " + PgErrors.firstLine(e.getMessage()),
                    "Check both servers and run again; parts already loaded are kept, and --resume continues from them.",
                    e);
        }
    }

    /**
     * One run: its settings, both connections and what each step hands the next. {@link #steps} is the run, one named
     * step after another, as the progress and the README tell it.
     */
    private static final class Run {
        private final long start = System.nanoTime();
        private final Input input;
        private final OperationContext ctx;
        private final boolean truncate;
        private final boolean append;
        private final boolean verify;
        private final int jobs;
        private final long splitBytes;
        private final TablePatterns patterns;
        private final ConnectionTarget sourceTarget;
        private final ConnectionTarget targetTarget;
        private final List<String> warnings = new ArrayList<>();
        private TwoDatabases both;
        private Connection src;
        private Connection tgt;
        // readCatalogs
        private SourceState state;
        private Catalog targetCatalog;
        // selectTables
        private Map<QualifiedName, Table> sourceTables;
        private List<QualifiedName> chosen;
        private final Set<QualifiedName> chosenSet = new TreeSet<>(QualifiedName.ORDER);
        // createMissingTables
        private final List<String> created = new ArrayList<>();
        private MissingTables.Creation creation;
        // planCopy
        private List<QualifiedName> copied;
        private List<TablePlan> plans;
        // checkTarget
        private Checkpoint checkpoint;
        private Map<String, Checkpoint.Entry> recorded;
        private List<TablePlan> toTruncate;
        // prepareTarget
        private List<ForeignKeys.Reference> targetKeys;
        private List<CopyPart> parts;
        private boolean replicaRole;
        // copyParts, verifyResumedParts
        private final List<CopyPart.Loaded> loaded = new ArrayList<>();
        // syncSequences
        private final List<SequenceSync.SetSequence> sequences = new ArrayList<>();
        // checkForeignKeys
        private ForeignKeys.Outcome keys;

        /** The options, checked before any connection is opened. */
        Run(Input input, OperationContext ctx) {
            this.input = input;
            this.ctx = ctx;
            this.truncate = input.truncate();
            this.append = input.append();
            if (truncate && append) {
                throw SupaException.invalidInput(
                        "truncate and append contradict each other",
                        "Choose one: --truncate empties target tables first, --append adds to what they hold.");
            }
            this.verify = input.verifyIntegrity();
            this.jobs = jobs(input.jobs());
            this.splitBytes = splitBytes(input.splitSize());
            this.patterns = new TablePatterns(input.tables(), input.exclude());
            this.sourceTarget = input.databases().resolveSource(ctx);
            this.targetTarget = input.databases().resolveTarget(ctx);
        }

        Result steps(TwoDatabases opened) throws SQLException {
            both = opened;
            src = both.sourceConnection();
            tgt = both.targetConnection();
            CopySessions.prepare(src);
            CopySessions.prepare(tgt);
            readCatalogs();
            selectTables();
            createMissingTables();
            planCopy();
            checkTarget();
            prepareTarget();
            copyParts();
            verifyResumedParts();
            syncSequences();
            checkForeignKeys();
            finish(tgt, checkpoint, warnings);
            return result();
        }

        /** Both catalogs at once: the source's in its exported snapshot, the target's of the same schemas beside it. */
        private void readCatalogs() throws SQLException {
            CompletableFuture<Catalog> targetRead = Background.supply("target-read", () -> readTarget(tgt, patterns));
            try {
                state = openSource(src, patterns, warnings);
            } catch (SQLException | RuntimeException e) {
                targetRead.handle((c, x) -> null).join(); // let it finish before its connection closes
                throw e;
            }
            targetCatalog = TwoDatabases.join(targetRead);
        }

        /** The tables the patterns choose, with their partitions; foreign keys into tables left out are said now. */
        private void selectTables() {
            sourceTables = CopyPlanner.tables(state.catalog());
            chosen = withPartitions(patterns.select(List.copyOf(sourceTables.keySet())), sourceTables);
            if (chosen.isEmpty()) {
                throw SupaException.invalidInput(
                        "No table to copy: the source's user schemas hold no table",
                        "Name tables with --tables (MCP: tables), e.g. public.* or auth.users.");
            }
            chosenSet.addAll(chosen);
            // said before anything is created or copied: the operator may stop here and widen the selection
            for (String w : ForeignKeys.leftOut(ForeignKeys.of(sourceTables, chosenSet), chosenSet)) {
                ctx.warn(w);
                warnings.add(w);
            }
        }

        /** Tables the target lacks: created with what they need (createTables), else refused by name. */
        private void createMissingTables() throws SQLException {
            List<QualifiedName> missing = CopyPlanner.missingOnTarget(chosen, CopyPlanner.tables(targetCatalog));
            if (missing.isEmpty()) {
                return;
            }
            if (!input.createTables()) {
                throw missingTables(missing);
            }
            creation = createMissing(src, tgt, state, targetCatalog, missing, warnings);
            missing.forEach(n -> created.add(n.toString()));
            targetCatalog = readTarget(tgt, patterns);
        }

        /** How each table travels (format, key column, size); checksums need PostgreSQL 11 on both sides. */
        private void planCopy() throws SQLException {
            copied = CopyPlanner.withoutCoveredPartitions(chosen, sourceTables);
            List<String> schemas =
                    copied.stream().map(QualifiedName::schema).distinct().toList();
            plans = CopyPlanner.plan(
                    copied,
                    state.catalog(),
                    targetCatalog,
                    CopyPlanner.facts(src, schemas),
                    CopyPlanner.facts(tgt, schemas));
            if (verify && Math.min(state.catalog().serverVersionNum(), targetCatalog.serverVersionNum()) < 110000) {
                throw SupaException.invalidInput(
                        "Checksums need PostgreSQL 11 or later on both servers",
                        "Run with --no-verify-integrity (MCP: verifyIntegrity false) to copy without them.");
            }
        }

        /** An earlier run to resume or refuse, target tables that hold rows, and the confirmation to empty them. */
        private void checkTarget() throws SQLException {
            checkpoint = new Checkpoint(Checkpoint.runId(
                    sourceTarget.display(),
                    targetTarget.display(),
                    copied.stream().map(QualifiedName::toString).toList()));
            recorded = priorRun(tgt, checkpoint, input.resume(), truncate, warnings);
            Set<QualifiedName> started = new TreeSet<>(QualifiedName.ORDER);
            recorded.keySet().forEach(k -> startedTable(k, plans).ifPresent(started::add));
            List<QualifiedName> holdingRows = nonEmpty(tgt, plans, started);
            if (!holdingRows.isEmpty() && !truncate && !append) {
                throw notEmpty(holdingRows);
            }
            toTruncate = truncate
                    ? plans.stream().filter(p -> holdingRows.contains(p.name())).toList()
                    : List.of();
            if (!toTruncate.isEmpty()) {
                ctx.confirm("Empty " + toTruncate.size() + " table(s) on " + targetTarget.display()
                        + " before loading them ("
                        + toTruncate.stream()
                                .map(p -> p.name().toString())
                                .limit(10)
                                .collect(Collectors.joining(", "))
                        + (toTruncate.size() > 10 ? ", …" : "") + ")?");
            }
        }

        /** The checkpoint table, tables emptied, key ranges cut; and whether triggers can wait while loading. */
        private void prepareTarget() throws SQLException {
            targetKeys = ForeignKeys.of(CopyPlanner.tables(targetCatalog), chosenSet);
            parts = MigrateDataOperation.prepareTarget(src, tgt, checkpoint, plans, recorded, toTruncate, splitBytes);
            replicaRole = canDeferTriggers(tgt);
            if (!replicaRole) {
                warnings.add(
                        "The target role cannot set session_replication_role: tables load in foreign-key order and the "
                                + "target's triggers fire for every row (connect as a superuser, or Supabase's postgres role, to defer them)");
            }
        }

        /** The parts not loaded yet, on {@code jobs} workers from the source's snapshot, each committed with its checkpoint. */
        private void copyParts() {
            List<CopyPart> toLoad = loadOrder(
                    parts.stream().filter(p -> !recorded.containsKey(p.id())).toList());
            long estimate = toLoad.stream()
                    .mapToLong(p -> p.table().bytes() / p.count())
                    .sum();
            Map<QualifiedName, Integer> partsLeft = new LinkedHashMap<>();
            toLoad.forEach(p -> partsLeft.merge(p.table().name(), 1, Integer::sum));
            CopyProgress progress = new CopyProgress(ctx.progress(), estimate, partsLeft.size());
            ParallelCopy.Outcome outcome = new ParallelCopy(
                            both.source().target(),
                            both.target().target(),
                            new ParallelCopy.Settings(jobs, state.snapshot(), replicaRole, verify),
                            checkpoint,
                            progress,
                            toLoad,
                            done -> tableProgress(done, partsLeft, progress))
                    .run(ctx.cancellation());
            if (outcome.failure() != null) {
                throw copyFailure(outcome, checkpoint, parts.size(), recorded.size(), targetKeys, chosenSet);
            }
            if (outcome.cycle()) {
                warnings.add("Foreign keys among the copied tables form a cycle; it was loaded in name order");
            }
            loaded.addAll(outcome.loaded());
        }

        /** Parts an earlier run loaded, checksummed again in this run's snapshot (not when appending). */
        private void verifyResumedParts() throws SQLException {
            loaded.addAll(verifyResumed(src, tgt, parts, recorded, verify && !append, ctx));
        }

        /** The target's sequences set to the source's values, those createTables made included; the source's snapshot ends. */
        private void syncSequences() throws SQLException {
            sequences.addAll(SequenceSync.apply(src, tgt, copied, append));
            if (creation != null) {
                sequences.addAll(SequenceSync.applyCreated(src, tgt, creation.sequences()));
            }
            src.rollback();
        }

        /** Foreign keys the load did not check, checked on the target now. */
        private void checkForeignKeys() throws SQLException {
            // every row from one snapshot of the source and nothing added to what was there: the source's validated
            // keys hold
            boolean oneMoment = state.snapshot() != null && recorded.isEmpty() && !append;
            keys = ForeignKeys.check(
                    tgt,
                    targetKeys,
                    chosenSet,
                    replicaRole,
                    oneMoment ? ForeignKeys.of(sourceTables, chosenSet) : List.of(),
                    ctx.cancellation(),
                    warnings);
        }

        /** Per table, the rows, bytes and both checksums summed over its parts; the verdict from them and the keys. */
        private Result result() {
            Map<QualifiedName, List<CopyPart.Loaded>> byTable = new LinkedHashMap<>();
            plans.forEach(p -> byTable.put(p.name(), new ArrayList<>()));
            loaded.forEach(l -> byTable.get(l.part().table().name()).add(l));
            List<TableResult> tables = new ArrayList<>();
            List<Mismatch> mismatches = new ArrayList<>();
            for (TablePlan plan : plans) {
                List<CopyPart.Loaded> done = byTable.get(plan.name());
                boolean verified = !done.isEmpty() && done.stream().allMatch(CopyPart.Loaded::verified);
                RowChecksum sourceSum = verified
                        ? done.stream().map(CopyPart.Loaded::source).reduce(RowChecksum.EMPTY, RowChecksum::plus)
                        : null;
                RowChecksum targetSum = verified
                        ? done.stream().map(CopyPart.Loaded::target).reduce(RowChecksum.EMPTY, RowChecksum::plus)
                        : null;
                for (CopyPart.Loaded l : done) {
                    if (!l.matches()) {
                        mismatches.add(new Mismatch(
                                plan.name().toString(),
                                l.part().count() > 1 ? l.part().range().toString() : null,
                                l.source().rows(),
                                l.target().rows(),
                                l.source().hex(),
                                l.target().hex()));
                    }
                }
                Integrity integrity = !verified
                        ? Integrity.not_verified
                        : done.stream().allMatch(CopyPart.Loaded::matches) ? Integrity.verified : Integrity.mismatch;
                tables.add(new TableResult(
                        plan.name().toString(),
                        done.stream().mapToLong(CopyPart.Loaded::rows).sum(),
                        done.stream().mapToLong(CopyPart.Loaded::bytes).sum(),
                        plan.format(),
                        Math.max(1, done.size()),
                        integrity,
                        sourceSum == null ? null : sourceSum.rows(),
                        sourceSum == null ? null : sourceSum.hex(),
                        targetSum == null ? null : targetSum.hex(),
                        round(done.stream()
                                .mapToDouble(CopyPart.Loaded::seconds)
                                .sum())));
            }
            Verdict verdict = !mismatches.isEmpty()
                    ? Verdict.mismatch
                    : !keys.dangling().isEmpty()
                            ? Verdict.dangling_references
                            : verify
                                            && keys.unchecked() == 0
                                            && tables.stream().allMatch(t -> t.integrity() == Integrity.verified)
                                    ? Verdict.verified
                                    : Verdict.not_verified;
            return new Result(
                    sourceTarget.display(),
                    targetTarget.display(),
                    verdict,
                    tables.size(),
                    tables.stream().mapToLong(TableResult::rows).sum(),
                    tables.stream().mapToLong(TableResult::bytes).sum(),
                    tables,
                    mismatches,
                    keys.checked(),
                    keys.dangling(),
                    sequences.stream()
                            .map(s -> new SequenceResult(s.table(), s.column(), s.sequence(), s.value()))
                            .toList(),
                    created,
                    creation == null ? List.of() : creation.objects(),
                    toTruncate.stream().map(p -> p.name().toString()).toList(),
                    (int) recorded.keySet().stream()
                            .filter(k -> k.startsWith("part:"))
                            .count(),
                    state.snapshot() != null,
                    replicaRole,
                    jobs,
                    checkpoint.runId(),
                    round((System.nanoTime() - start) / 1e9),
                    List.copyOf(new LinkedHashSet<>(warnings)));
        }
    }

    static int jobs(Integer requested) {
        if (requested == null) {
            return Math.max(1, Math.min(8, Runtime.getRuntime().availableProcessors()));
        }
        if (requested < 1 || requested > 64) {
            throw SupaException.invalidInput(
                    "jobs must be between 1 and 64, not " + requested,
                    "Each job holds one connection to each server; the default is the number of processors, at most 8.");
        }
        return requested;
    }

    static long splitBytes(String text) {
        if (text == null || text.isBlank()) {
            return DEFAULT_SPLIT_BYTES;
        }
        long bytes = ByteSize.parse(text)
                .orElseThrow(() -> SupaException.invalidInput(
                        "'" + text + "' is not a size", "Give a size such as 64MB, 1GB or 512kB."));
        if (bytes < 1024) {
            throw SupaException.invalidInput(
                    "splitSize " + text + " is below 1kB", "Give a size such as 64MB, 1GB or 512kB.");
        }
        return bytes;
    }

    /**
     * A REPEATABLE READ, READ ONLY transaction that stays open for the whole run: its snapshot is exported for the
     * workers, and the catalog is read in it, so tables, rows and sequences all describe one moment.
     */
    private static SourceState openSource(Connection src, TablePatterns patterns, List<String> warnings)
            throws SQLException {
        String snapshot = CopySessions.beginExported(src);
        if (snapshot == null) {
            warnings.add(
                    "The source cannot export a snapshot (a transaction-mode pooler or a standby): each worker reads its "
                            + "own, so tables written to during the copy may not match each other");
        }
        List<String> schemas = schemasInScope(src, patterns);
        Catalog catalog = new CatalogReader(src).read(new SchemaSelection(schemas, false, null), false);
        return new SourceState(snapshot, catalog, schemas);
    }

    /** The schemas a run may copy from or into: every user schema but the managed ones, and those a pattern names. */
    private static List<String> schemasInScope(Connection conn, TablePatterns patterns) throws SQLException {
        return MigrateDiffOperation.userSchemas(conn).stream()
                .filter(s -> !ManagedSchemas.isManaged(s)
                        || patterns.namedManagedSchemas().contains(s))
                .toList();
    }

    /** The target's catalog of the schemas in scope, read in a short read-only transaction. */
    private static Catalog readTarget(Connection tgt, TablePatterns patterns) {
        try {
            CopySessions.beginSnapshot(tgt, null);
            try {
                return new CatalogReader(tgt)
                        .read(new SchemaSelection(schemasInScope(tgt, patterns), false, null), false);
            } finally {
                tgt.rollback();
                tgt.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new SupaException(
                    ErrorCode.CONNECTION_LOST,
                    "Lost the connection to the target: " + PgErrors.firstLine(e.getMessage()),
                    "Check the target server and run again. Nothing was copied.",
                    e);
        }
    }

    /** A partitioned table brings its partitions: they are where its rows live, and must exist to receive them. */
    private static List<QualifiedName> withPartitions(List<QualifiedName> selected, Map<QualifiedName, Table> tables) {
        Set<QualifiedName> out = new TreeSet<>(QualifiedName.ORDER);
        out.addAll(selected);
        boolean grew = true;
        while (grew) {
            grew = false;
            for (Map.Entry<QualifiedName, Table> e : tables.entrySet()) {
                if (e.getValue().partitionOf() != null
                        && out.contains(e.getValue().partitionOf())
                        && out.add(e.getKey())) {
                    grew = true;
                }
            }
        }
        return List.copyOf(out);
    }

    private static SupaException missingTables(List<QualifiedName> missing) {
        List<String> names = missing.stream().map(QualifiedName::toString).toList();
        return new SupaException(
                ErrorCode.MIGRATION_TABLES_MISSING,
                missing.size() + " table(s) of the source do not exist on the target: "
                        + String.join(", ", names.subList(0, Math.min(10, names.size())))
                        + (names.size() > 10 ? ", …" : ""),
                "Pass --create-tables (MCP: createTables) to create them from the source's catalog, or create the schema first "
                        + "with supa-dokploy migrate diff. Nothing was copied.",
                Map.of("missingTables", names),
                null);
    }

    /**
     * The missing tables and what they need, in one transaction on the target: all of it or nothing. A foreign key into
     * a table neither copied nor on the target is refused first (see {@link MissingTables}).
     */
    private static MissingTables.Creation createMissing(
            Connection src,
            Connection tgt,
            SourceState source,
            Catalog target,
            List<QualifiedName> missing,
            List<String> warnings)
            throws SQLException {
        MissingTables.Creation creation = MissingTables.plan(
                source.catalog(),
                Dependencies.read(src, source.schemas()),
                MissingTables.extensionMembers(src),
                target,
                Roles.read(tgt),
                missing);
        List<QualifiedName> absent =
                MissingTables.absent(tgt, creation.neededTables().keySet());
        if (!absent.isEmpty()) {
            List<String> keys = absent.stream()
                    .flatMap(t -> creation.neededTables().get(t).stream())
                    .toList();
            List<String> names = absent.stream().map(QualifiedName::toString).toList();
            throw new SupaException(
                    ErrorCode.MIGRATION_TABLES_MISSING,
                    "The tables to create have foreign keys into " + String.join(", ", names)
                            + ", which neither this run copies nor " + "the target has (" + String.join(", ", keys)
                            + ")",
                    "Add " + String.join(", ", names) + " to --tables (MCP: tables) to create and copy "
                            + (absent.size() == 1 ? "it" : "them") + " too, or create "
                            + (absent.size() == 1 ? "it" : "them")
                            + " on the target first. Nothing was created or copied.",
                    Map.of("missingTables", names, "foreignKeys", keys),
                    null);
        }
        creation.plan()
                .manual()
                .forEach(c -> warnings.add(
                        "Creating the missing tables: " + c.hazard().reason()));
        tgt.setAutoCommit(false);
        Change current = null;
        try (Statement s = tgt.createStatement()) {
            s.execute("SET LOCAL check_function_bodies = false");
            for (Change c : creation.plan().scripted()) {
                current = c;
                s.execute(c.sql());
            }
            tgt.commit();
        } catch (SQLException e) {
            tgt.rollback();
            throw new SupaException(
                    ErrorCode.MIGRATION_CREATE_FAILED,
                    "Creating the missing tables failed: " + PgErrors.firstLine(e.getMessage()),
                    "What they need and the source's catalog does not hold (an object of a Supabase-managed schema, a role) is "
                            + "missing on the target: bring the schema over first with supa-dokploy migrate diff. Nothing was "
                            + "created or copied.",
                    Map.of(
                            "statement",
                            current == null ? "" : current.sql(),
                            "sqlState",
                            String.valueOf(e.getSQLState())),
                    e);
        } finally {
            tgt.setAutoCommit(true);
        }
        return creation;
    }

    /** The checkpoint of an earlier run of the same source, target and tables: kept for --resume, else refused or reset. */
    private static Map<String, Checkpoint.Entry> priorRun(
            Connection tgt, Checkpoint checkpoint, boolean resume, boolean truncate, List<String> warnings)
            throws SQLException {
        Map<String, Checkpoint.Entry> recorded = Checkpoint.exists(tgt) ? checkpoint.load(tgt) : Map.of();
        if (resume) {
            if (recorded.isEmpty()) {
                warnings.add(
                        "Nothing to resume: no interrupted run of these tables between these databases; copying from the start");
            }
            return recorded;
        }
        if (!recorded.isEmpty() && !truncate) {
            long parts = recorded.keySet().stream()
                    .filter(k -> k.startsWith("part:"))
                    .count();
            throw new SupaException(
                    ErrorCode.MIGRATION_TARGET_NOT_EMPTY,
                    "An earlier run of this migration stopped after loading " + parts + " part(s) (run "
                            + checkpoint.runId() + ")",
                    "Run the same command with --resume to finish it, or with --truncate to start over.",
                    Map.of("runId", checkpoint.runId(), "partsLoaded", parts),
                    null);
        }
        if (!recorded.isEmpty()) {
            checkpoint.forget(tgt);
        }
        return Map.of();
    }

    private static Optional<QualifiedName> startedTable(String entry, List<TablePlan> plans) {
        return plans.stream()
                .map(TablePlan::name)
                .filter(n -> entry.equals("part:" + n)
                        || entry.startsWith("part:" + n + ":")
                        || entry.equals("truncated:" + n))
                .findFirst();
    }

    /** Target tables (not started by the run being resumed) that already hold a row: one round trip. */
    private static List<QualifiedName> nonEmpty(Connection tgt, List<TablePlan> plans, Set<QualifiedName> started)
            throws SQLException {
        List<TablePlan> check =
                plans.stream().filter(p -> !started.contains(p.name())).toList();
        List<QualifiedName> holding = new ArrayList<>();
        if (check.isEmpty()) {
            return holding;
        }
        String sql = check.stream()
                .map(p -> "SELECT EXISTS (SELECT 1 FROM " + p.targetRelation() + ")")
                .collect(Collectors.joining(" UNION ALL "));
        try (Statement s = tgt.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            int i = 0;
            while (rs.next()) {
                if (rs.getBoolean(1)) {
                    holding.add(check.get(i).name());
                }
                i++;
            }
        }
        return holding;
    }

    private static SupaException notEmpty(List<QualifiedName> tables) {
        List<String> names = tables.stream().map(QualifiedName::toString).toList();
        return new SupaException(
                ErrorCode.MIGRATION_TARGET_NOT_EMPTY,
                names.size() + " target table(s) already hold rows: "
                        + String.join(", ", names.subList(0, Math.min(10, names.size())))
                        + (names.size() > 10 ? ", …" : ""),
                "Pass --truncate to empty them first, or --append to add to them (MCP: truncate / append). Nothing was copied.",
                Map.of("nonEmptyTables", names),
                null);
    }

    /**
     * Before any row moves: the checkpoint table, the tables to empty (one transaction, recorded so a resume does not
     * empty them again) and each large table's key ranges (recorded so a resume cuts it the same way).
     */
    private static List<CopyPart> prepareTarget(
            Connection src,
            Connection tgt,
            Checkpoint checkpoint,
            List<TablePlan> plans,
            Map<String, Checkpoint.Entry> recorded,
            List<TablePlan> toTruncate,
            long splitBytes)
            throws SQLException {
        try {
            Checkpoint.create(tgt);
        } catch (SQLException e) {
            throw Checkpoint.unavailable(e);
        }
        List<CopyPart> parts = new ArrayList<>();
        tgt.setAutoCommit(false);
        try {
            if (!toTruncate.isEmpty()) {
                try (Statement s = tgt.createStatement()) {
                    s.execute("TRUNCATE "
                            + toTruncate.stream().map(TablePlan::targetRelation).collect(Collectors.joining(", ")));
                }
                for (TablePlan p : toTruncate) {
                    checkpoint.record(tgt, "truncated:" + p.name(), 0, null);
                }
            }
            for (TablePlan plan : plans) {
                List<KeyRange> ranges = ranges(src, tgt, checkpoint, plan, recorded, splitBytes);
                for (int i = 0; i < ranges.size(); i++) {
                    parts.add(new CopyPart(plan, i + 1, ranges.size(), ranges.get(i)));
                }
            }
            tgt.commit();
        } catch (SQLException e) {
            tgt.rollback();
            throw new SupaException(
                    ErrorCode.MIGRATION_COPY_FAILED,
                    "Preparing the target failed: " + PgErrors.firstLine(e.getMessage()),
                    "A table referenced by a foreign key from a table not copied cannot be emptied alone: add that table to "
                            + "--tables, or empty it yourself. Nothing was copied.",
                    Map.of("sqlState", String.valueOf(e.getSQLState())),
                    e);
        } finally {
            tgt.setAutoCommit(true);
        }
        return parts;
    }

    private static List<KeyRange> ranges(
            Connection src,
            Connection tgt,
            Checkpoint checkpoint,
            TablePlan plan,
            Map<String, Checkpoint.Entry> recorded,
            long splitBytes)
            throws SQLException {
        Checkpoint.Entry cut = recorded.get("ranges:" + plan.name());
        if (cut != null) {
            try {
                return Json.MAPPER.readValue(cut.detail(), new TypeReference<List<KeyRange>>() {});
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new SQLException("unreadable key ranges in " + Checkpoint.TABLE + " for " + plan.name(), e);
            }
        }
        if (plan.keyColumn() == null || plan.bytes() <= splitBytes) {
            return List.of(KeyRange.ALL);
        }
        int count = (int) Math.min(MAX_PARTS_PER_TABLE, (plan.bytes() + splitBytes - 1) / splitBytes);
        String key = PgIdentifiers.quote(plan.keyColumn());
        List<KeyRange> ranges;
        try (Statement s = src.createStatement();
                // ORDER BY … LIMIT 1 rather than min/max: there is no min(uuid) before PostgreSQL 18; both read the
                // key's index.
                ResultSet rs = s.executeQuery("SELECT (SELECT " + key + "::text FROM " + plan.sourceRelation()
                        + " ORDER BY " + key + " LIMIT 1), (SELECT " + key + "::text FROM " + plan.sourceRelation()
                        + " ORDER BY " + key + " DESC LIMIT 1)")) {
            rs.next();
            ranges = KeyRange.split(plan.keyType(), rs.getString(1), rs.getString(2), count);
        }
        if (ranges.size() > 1) {
            checkpoint.record(tgt, "ranges:" + plan.name(), 0, Json.write(ranges));
        }
        return ranges;
    }

    /**
     * The order workers take parts in: largest tables first (the longest work starts early), and round-robin across
     * tables, so that workers load different tables at once rather than contend for one table's indexes and
     * relation-extension lock.
     */
    static List<CopyPart> loadOrder(List<CopyPart> parts) {
        Map<QualifiedName, List<CopyPart>> byTable = new LinkedHashMap<>();
        parts.stream()
                .sorted(java.util.Comparator.comparingLong(
                                (CopyPart p) -> -p.table().bytes())
                        .thenComparing(p -> p.table().name(), QualifiedName.ORDER)
                        .thenComparingInt(CopyPart::index))
                .forEach(p -> byTable.computeIfAbsent(p.table().name(), n -> new ArrayList<>())
                        .add(p));
        List<CopyPart> order = new ArrayList<>();
        for (int round = 0; order.size() < parts.size(); round++) {
            for (List<CopyPart> table : byTable.values()) {
                if (round < table.size()) {
                    order.add(table.get(round));
                }
            }
        }
        return order;
    }

    /** Whether this login may turn off triggers and foreign-key checks for its own loading transactions. */
    private static boolean canDeferTriggers(Connection tgt) {
        try (Statement s = tgt.createStatement()) {
            s.execute("SET session_replication_role = replica");
            s.execute("RESET session_replication_role");
            return true;
        } catch (SQLException e) {
            return false;
        }
    }

    private static void tableProgress(
            CopyPart.Loaded loaded, Map<QualifiedName, Integer> partsLeft, CopyProgress progress) {
        int left;
        synchronized (partsLeft) {
            left = partsLeft.merge(loaded.part().table().name(), -1, Integer::sum);
        }
        if (left == 0) {
            progress.tableDone("copied " + loaded.part().table().name()
                    + (loaded.part().count() > 1
                            ? " (" + loaded.part().count() + " parts)"
                            : ": " + String.format(Locale.ROOT, "%,d", loaded.rows()) + " rows, "
                                    + DataText.bytes(loaded.bytes()) + " in "
                                    + DataText.seconds(loaded.seconds())
                                    + (!loaded.verified()
                                            ? ""
                                            : loaded.matches() ? ", checksums match" : ", CHECKSUMS DIFFER")));
        } else {
            progress.partDone("copied " + loaded.part().label() + ": "
                    + String.format(Locale.ROOT, "%,d", loaded.rows()) + " rows");
        }
    }

    /**
     * Parts an earlier run loaded are checked again now: the source's rows of the range in this run's snapshot
     * against all the target's rows of that range (not only inserted ones, since that transaction is long gone).
     */
    private static List<CopyPart.Loaded> verifyResumed(
            Connection src,
            Connection tgt,
            List<CopyPart> parts,
            Map<String, Checkpoint.Entry> recorded,
            boolean verify,
            OperationContext ctx)
            throws SQLException {
        List<CopyPart.Loaded> out = new ArrayList<>();
        for (CopyPart p : parts) {
            Checkpoint.Entry e = recorded.get(p.id());
            if (e == null) {
                continue;
            }
            RowChecksum sourceSum = null;
            RowChecksum targetSum = null;
            if (verify) {
                ctx.cancellation().throwIfCancelled();
                sourceSum = RowChecksum.compute(src, p.table().sourceChecksum(p.range()));
                targetSum = RowChecksum.compute(tgt, p.table().targetChecksum(p.range(), false));
            }
            out.add(new CopyPart.Loaded(p, e.rows(), 0, sourceSum, targetSum, 0, true));
        }
        return out;
    }

    private static void finish(Connection tgt, Checkpoint checkpoint, List<String> warnings) {
        try {
            checkpoint.finish(tgt);
        } catch (SQLException e) {
            warnings.add("Could not remove this run's rows from " + Checkpoint.TABLE + ": "
                    + PgErrors.firstLine(e.getMessage()));
        }
    }

    /** The first failure as an error that names the part, the side, and how to continue. */
    private static SupaException copyFailure(
            ParallelCopy.Outcome outcome,
            Checkpoint checkpoint,
            int totalParts,
            int resumed,
            List<ForeignKeys.Reference> keys,
            Set<QualifiedName> copied) {
        Throwable f = outcome.failure();
        int loaded = outcome.loaded().size() + resumed;
        String resume = " " + loaded + " of " + totalParts
                + " part(s) are loaded and recorded; run the same command with --resume "
                + "to copy the rest without copying those again.";
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("runId", checkpoint.runId());
        details.put("partsLoaded", loaded);
        details.put("partsTotal", totalParts);
        if (f instanceof InterruptedException) {
            return new SupaException(
                    ErrorCode.INTERRUPTED,
                    "Cancelled; the parts being copied were rolled back",
                    resume.strip(),
                    details,
                    null);
        }
        if (f instanceof SupaException e) {
            return new SupaException(e.code(), e.getMessage(), e.suggestion() + resume, details, e);
        }
        if (!(f instanceof ParallelCopy.PartFailure p)) {
            return new SupaException(
                    ErrorCode.MIGRATION_COPY_FAILED, "The copy failed: " + f.getMessage(), resume.strip(), details, f);
        }
        SQLException sql = p.getCause() instanceof SQLException s ? s : null;
        String state = sql == null || sql.getSQLState() == null ? "" : sql.getSQLState();
        String message = PgErrors.firstLine(String.valueOf(p.getCause().getMessage()));
        details.put("failedPart", p.part.label());
        details.put("side", p.side.name());
        details.put("sqlState", state);
        String what = p.part.label() + " was not loaded (rolled back).";
        if (state.startsWith("08") || state.startsWith("57P")) {
            return new SupaException(
                    ErrorCode.CONNECTION_LOST,
                    "Lost the connection to the " + p.side + " while copying " + p.part.label() + ": " + message,
                    "Check the " + p.side + " server. " + what + resume,
                    details,
                    sql);
        }
        if (state.startsWith("23")) {
            return new SupaException(
                    ErrorCode.MIGRATION_COPY_FAILED,
                    "The target refused a row of " + p.part.label() + ": " + message,
                    intoTableNotCopied(sql, p.part.table().name(), keys, copied)
                                    .map(r -> "The row's " + r.constraint()
                                            + " key points into " + r.referencedTable()
                                            + ", which this run does not copy and the target lacks "
                                            + "that key: copy " + r.referencedTable()
                                            + " first, or add it to --tables (MCP: tables). ")
                                    .orElse(
                                            "The target's constraints or existing rows conflict with the source's data (compare them with "
                                                    + "supa-dokploy migrate diff) and fix that. ")
                            + what
                            + resume,
                    details,
                    sql);
        }
        if (state.equals("53100")) {
            return new SupaException(
                    ErrorCode.MIGRATION_COPY_FAILED,
                    "The target ran out of disk space while loading " + p.part.label(),
                    "Free space on the target's volume. " + what + resume,
                    details,
                    sql);
        }
        return new SupaException(
                ErrorCode.MIGRATION_COPY_FAILED,
                "Copying " + p.part.label() + " failed on the " + p.side + ": " + message,
                (state.isEmpty() ? "" : "SQLSTATE " + state + ". ") + what + resume,
                details,
                sql);
    }

    /** The foreign key a refused row broke, when it points into a table this run does not copy. */
    private static Optional<ForeignKeys.Reference> intoTableNotCopied(
            SQLException e, QualifiedName table, List<ForeignKeys.Reference> keys, Set<QualifiedName> copied) {
        String constraint = e instanceof org.postgresql.util.PSQLException p && p.getServerErrorMessage() != null
                ? p.getServerErrorMessage().getConstraint()
                : null;
        return keys.stream()
                .filter(r -> r.table().equals(table)
                        && r.constraint().equals(constraint)
                        && !copied.contains(r.referencedTable()))
                .findFirst();
    }

    private static double round(double seconds) {
        return Math.round(seconds * 1000) / 1000.0;
    }

    /**
     * Exit code of a finished run: a checksum mismatch is a verdict, reported like an integrity failure; rows pointing at
     * keys the target lacks have their own, so that a script can tell "copied wrong" from "copied, but incomplete".
     */
    public static int exitCode(Result result) {
        return switch (result.verdict()) {
            case mismatch -> ErrorFamily.INTEGRITY.exitCode();
            case dangling_references -> ErrorFamily.DANGLING_REFERENCES;
            default -> 0;
        };
    }
}
