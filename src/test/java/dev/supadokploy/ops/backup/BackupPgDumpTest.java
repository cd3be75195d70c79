package dev.supadokploy.ops.backup;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.supadokploy.ops.OperationContext;
import dev.supadokploy.ops.Policy;
import dev.supadokploy.ops.connection.ConnectionInput;
import dev.supadokploy.testing.NeedsPostgres;
import dev.supadokploy.testing.PgDump;
import dev.supadokploy.testing.TestContext;
import dev.supadokploy.testing.TestPostgres;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A second opinion on a backup's round trip from a tool that is not ours: where a pg_dump able to read a test server
 * exists ({@link PgDump#find()}), {@code pg_dump --schema-only} of the backed-up schemas of the source and of the
 * database the backup was restored into hold the same entries, normalized as {@link PgDump#entries} does for the
 * schema diff's own pg_dump check. Skipped, saying why, only when no usable pg_dump exists.
 */
@NeedsPostgres
class BackupPgDumpTest {

    @TempDir
    Path dir;

    @Test
    void pgDumpSeesTheSameSchemaInTheRestoredDatabase() throws Exception {
        PgDump pgDump = PgDump.find();
        assumeTrue(pgDump.usable(), pgDump::skipReason);
        TestPostgres pg = pgDump.server();
        String source = pg.createSupabaseDatabase("bkdump_src");
        String target = pg.createDatabase("bkdump_dst");
        try {
            pg.execute(source, TestPostgres.resource("/migrate/schema.sql"));
            pg.execute(source, TestPostgres.resource("/migrate/data.sql"));
            TestContext tc = TestContext.with(Map.of()).policy(new Policy(true, true, false, true));
            if (pg.adminPassword() != null) {
                tc.env("PGPASSWORD", pg.adminPassword());
            }
            OperationContext ctx = tc.build();
            BackupCreateOperation.Result created = new BackupCreateOperation()
                    .run(
                            new BackupCreateOperation.Input(
                                    ConnectionInput.url(pg.adminUrlWithoutPassword(source)),
                                    dir.toString(),
                                    null,
                                    null,
                                    null,
                                    null,
                                    null,
                                    true,
                                    null,
                                    null,
                                    null),
                            ctx);
            new BackupRestoreOperation()
                    .run(
                            new BackupRestoreOperation.Input(
                                    created.file(),
                                    null,
                                    ConnectionInput.url(pg.adminUrlWithoutPassword(target)),
                                    null,
                                    false,
                                    false,
                                    null),
                            ctx);

            pgDump.assertSameSchema(source, target, created.schemas(), "the source and the restored database", "");
        } finally {
            pg.dropDatabase(source);
            pg.dropDatabase(target);
        }
    }
}
