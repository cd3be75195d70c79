package dev.supadokploy.ops.migrate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.supadokploy.errors.ErrorCode;
import dev.supadokploy.errors.SupaException;
import dev.supadokploy.ops.OperationContext;
import dev.supadokploy.ops.Policy;
import dev.supadokploy.ops.connection.Databases;
import dev.supadokploy.testing.NeedsPostgres;
import dev.supadokploy.testing.TestContext;
import dev.supadokploy.testing.TestPostgres;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * Foreign keys the load did not check, checked after it: a key into a table the run left out, with composite keys and
 * both MATCH kinds' NULL rules; a NOT VALID key among copied tables; and a run whose keys all hold.
 */
@NeedsPostgres
class MigrateDataForeignKeysTest {
    static TestPostgres pg;
    static String source;

    static final String TABLES = """
            CREATE TABLE public.parent (a int, b text, PRIMARY KEY (a, b));
            CREATE TABLE public.simple_child (id int PRIMARY KEY, a int, b text, FOREIGN KEY (a, b) REFERENCES public.parent);
            CREATE TABLE public.owner (id int PRIMARY KEY);
            CREATE TABLE public.visits (id int, owner_id int REFERENCES public.owner, at date NOT NULL) PARTITION BY RANGE (at);
            CREATE TABLE public.visits_2024 PARTITION OF public.visits FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
            CREATE TABLE public.visits_2025 PARTITION OF public.visits FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');
            """;

    @BeforeAll
    static void source() {
        pg = TestPostgres.get();
        source = pg.createDatabase("fk_src");
        // full_child has no key in the source, so it can hold a partly NULL key that the target's MATCH FULL key
        // forbids
        pg.execute(source, TABLES + """
                CREATE TABLE public.full_child (id int PRIMARY KEY, a int, b text);
                INSERT INTO public.parent VALUES (1, 'x'), (2, 'y'), (3, 'z');
                INSERT INTO public.simple_child VALUES (1, 1, 'x'), (2, 2, 'y'), (3, 3, 'z'), (4, 3, 'z'), (5, NULL, 'z'), (6, 3, NULL),
                  (7, NULL, NULL);
                INSERT INTO public.full_child VALUES (1, 1, 'x'), (2, 3, 'z'), (3, NULL, NULL), (4, 1, NULL);
                CREATE TABLE public.pet (id int PRIMARY KEY, owner_id int);
                INSERT INTO public.owner VALUES (1);
                INSERT INTO public.visits VALUES (1, 1, '2024-05-01'), (2, 1, '2025-05-01'), (3, NULL, '2025-06-01');
                INSERT INTO public.pet VALUES (1, 1), (2, 99);
                ALTER TABLE public.pet ADD CONSTRAINT pet_owner_fk FOREIGN KEY (owner_id) REFERENCES public.owner NOT VALID;
                """);
    }

    static String target(String prefix) {
        String db = pg.createDatabase(prefix);
        pg.execute(db, TABLES + """
                CREATE TABLE public.full_child (id int PRIMARY KEY, a int, b text,
                  CONSTRAINT full_child_fk FOREIGN KEY (a, b) REFERENCES public.parent MATCH FULL);
                CREATE TABLE public.pet (id int PRIMARY KEY, owner_id int CONSTRAINT pet_owner_fk REFERENCES public.owner);
                """);
        return db;
    }

    static OperationContext context() {
        TestContext ctx = TestContext.with(Map.of()).policy(new Policy(true, true, false, true));
        if (pg.adminPassword() != null) {
            ctx.env("PGPASSWORD", pg.adminPassword());
        }
        return ctx.build();
    }

    static MigrateDataOperation.Result migrate(String target, List<String> tables) {
        return new MigrateDataOperation()
                .run(
                        new MigrateDataOperation.Input(
                                new Databases(
                                        pg.adminUrlWithoutPassword(source),
                                        pg.adminUrlWithoutPassword(target),
                                        null,
                                        null),
                                tables,
                                null,
                                null,
                                null,
                                null,
                                null,
                                2,
                                null,
                                null),
                        context());
    }

    static MigrateDataOperation.DanglingReference dangling(MigrateDataOperation.Result r, String constraint) {
        return r.danglingReferences().stream()
                .filter(d -> d.constraint().equals(constraint))
                .findFirst()
                .orElseThrow(() -> new AssertionError(constraint + " not reported: " + r.danglingReferences()));
    }

    @Test
    void keysIntoATableLeftOutAreCheckedWithTheirMatchRules() {
        String target = target("fk_leftout");
        pg.execute(target, "INSERT INTO public.parent VALUES (1, 'x')");
        MigrateDataOperation.Result r = migrate(target, List.of("public.simple_child", "public.full_child"));
        assertTrue(r.triggersDeferred(), "the test server's admin loads as replica: nothing checked the keys");
        assertEquals(
                MigrateDataOperation.Integrity.verified,
                r.tables().get(0).integrity(),
                "the rows arrived whole: " + r.tables());
        assertEquals(MigrateDataOperation.Verdict.dangling_references, r.verdict(), r::toString);
        assertEquals(13, MigrateDataOperation.exitCode(r));
        assertEquals(2, r.foreignKeysChecked());
        assertTrue(
                r.warnings().stream()
                        .anyMatch(w -> w.startsWith("The selection leaves out public.parent")
                                && w.contains("public.simple_child.simple_child_a_b_fkey")),
                r.warnings()::toString);

        // MATCH SIMPLE: a key with any NULL in it is not checked, so rows 5, 6 and 7 do not dangle
        MigrateDataOperation.DanglingReference simple = dangling(r, "simple_child_a_b_fkey");
        assertEquals("public.simple_child", simple.table());
        assertEquals("public.parent", simple.referencedTable());
        assertEquals(List.of("a", "b"), simple.columns());
        assertEquals(3, simple.rows(), "(2,y) once and (3,z) twice");
        assertEquals(List.of("(a, b)=(2,y)", "(a, b)=(3,z)"), simple.samples(), "distinct keys");
        assertTrue(simple.remedy().contains("--tables") && simple.remedy().contains("public.parent"), simple.remedy());

        // MATCH FULL: only an all-NULL key is exempt; (1, NULL) matches nothing
        MigrateDataOperation.DanglingReference full = dangling(r, "full_child_fk");
        assertEquals(2, full.rows());
        assertEquals(List.of("(a, b)=(1,)", "(a, b)=(3,z)"), full.samples());
        assertEquals(2, r.danglingReferences().size(), r.danglingReferences()::toString);
    }

    @Test
    void withTheReferencedTableCopiedTooTheKeysHold() {
        String target = target("fk_whole");
        MigrateDataOperation.Result r = migrate(target, List.of("public.parent", "public.simple_child"));
        assertEquals(MigrateDataOperation.Verdict.verified, r.verdict(), r::toString);
        assertEquals(List.of(), r.danglingReferences());
        assertEquals(
                0,
                r.foreignKeysChecked(),
                "loaded as replica from one snapshot: the key the source validated holds as it did there");
        assertTrue(r.warnings().stream().noneMatch(w -> w.contains("leaves out")), r.warnings()::toString);
    }

    /** A partitioned table's key is checked once, on the table (its partitions' clones of it are covered). */
    @Test
    void aPartitionedTablesKeyIsCheckedOnce() {
        String target = target("fk_partitioned");
        MigrateDataOperation.Result r = migrate(target, List.of("public.visits"));
        assertEquals(MigrateDataOperation.Verdict.dangling_references, r.verdict(), r::toString);
        assertEquals(1, r.foreignKeysChecked());
        assertEquals(1, r.danglingReferences().size(), r.danglingReferences()::toString);
        MigrateDataOperation.DanglingReference visits = dangling(r, "visits_owner_id_fkey");
        assertEquals("public.visits", visits.table());
        assertEquals(2, visits.rows(), "the rows of both partitions, the NULL key not counted");
        assertEquals(List.of("(owner_id)=(1)"), visits.samples());
    }

    /**
     * The source's NOT VALID key lets a row point nowhere; copied as replica into a target whose key is valid, both tables
     * copied, the row is still found: keys among copied tables are checked when the load bypassed them.
     */
    @Test
    void aNotValidKeyAmongCopiedTablesIsFoundToo() {
        String target = target("fk_notvalid");
        MigrateDataOperation.Result r = migrate(target, List.of("public.owner", "public.pet"));
        assertEquals(MigrateDataOperation.Verdict.dangling_references, r.verdict(), r::toString);
        MigrateDataOperation.DanglingReference pet = dangling(r, "pet_owner_fk");
        assertEquals(1, pet.rows());
        assertEquals(List.of("(owner_id)=(99)"), pet.samples());
        assertTrue(pet.remedy().contains("was copied too"), pet.remedy());
    }

    /** Loading in foreign-key order (a login that cannot set the replica role), the target itself refuses such a row. */
    @Test
    void withoutTheReplicaRoleTheTargetRefusesTheRowAndSaysWhy() {
        String target = target("fk_origin");
        String role = TestPostgres.LOGIN_ROLE;
        pg.execute(
                target,
                "GRANT CREATE ON DATABASE " + target + " TO " + role + "; GRANT USAGE ON SCHEMA public TO " + role
                        + "; GRANT ALL ON ALL TABLES IN SCHEMA public TO " + role);
        Executable run = () -> new MigrateDataOperation()
                .run(
                        new MigrateDataOperation.Input(
                                new Databases(
                                        pg.adminUrlWithoutPassword(source),
                                        "postgres://" + role + "@" + pg.host() + ":" + pg.port() + "/" + target,
                                        null,
                                        TestPostgres.LOGIN_PASSWORD),
                                List.of("public.simple_child"),
                                null,
                                null,
                                null,
                                null,
                                null,
                                1,
                                null,
                                null),
                        context());
        SupaException e = org.junit.jupiter.api.Assertions.assertThrows(SupaException.class, run);
        assertEquals(ErrorCode.MIGRATION_COPY_FAILED, e.code(), e::getMessage);
        assertTrue(e.getMessage().contains("simple_child_a_b_fkey"), e.getMessage());
        assertTrue(e.suggestion().contains("points into public.parent, which this run does not copy"), e.suggestion());
    }
}
