package dev.supadokploy.ops.migrate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.supadokploy.ops.Policy;
import dev.supadokploy.ops.connection.Databases;
import dev.supadokploy.testing.NeedsPostgres;
import dev.supadokploy.testing.TestContext;
import dev.supadokploy.testing.TestPostgres;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * PostgreSQL 15 → 17, the move people make with a new instance: two real servers of different major versions, so
 * every table goes as text COPY, and the checksums computed by each server agree.
 */
@NeedsPostgres
class MigrateDataAcrossVersionsTest {

    @Test
    void fifteenToSeventeenVerified() {
        TestPostgres old = TestPostgres.pg15();
        TestPostgres current = TestPostgres.get();
        assertEquals(15, old.serverMajor());
        assertEquals(17, current.serverMajor());
        String source = old.createDatabase("across_src");
        old.execute(source, TestPostgres.resource("/migrate/schema.sql"));
        old.execute(source, TestPostgres.resource("/migrate/data.sql"));
        String target = current.createDatabase("across_dst");
        current.execute(target, TestPostgres.resource("/migrate/schema.sql"));

        TestContext ctx = TestContext.with(Map.of()).policy(new Policy(true, true, false, true));
        MigrateDataOperation.Result r = new MigrateDataOperation()
                .run(
                        new MigrateDataOperation.Input(
                                new Databases(old.adminUrl(source), current.adminUrl(target), null, null),
                                null,
                                null,
                                null,
                                null,
                                null,
                                null,
                                2,
                                null,
                                "64kB"),
                        ctx.build());
        assertEquals(MigrateDataOperation.Verdict.verified, r.verdict(), r::toString);
        assertTrue(
                r.tables().stream().allMatch(t -> t.format().equals("text")),
                "different majors: text COPY " + r.tables());
        assertTrue(r.tables().stream().anyMatch(t -> t.parts() > 1), "key ranges across versions too");
        for (String table : MigrateDataOperationTest.TABLES) {
            assertEquals(
                    MigrateDataOperationTest.content(old, source, table),
                    MigrateDataOperationTest.content(current, target, table),
                    table);
        }
    }
}
