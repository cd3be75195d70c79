package dev.supadokploy.pg.copy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.supadokploy.testing.NeedsPostgres;
import dev.supadokploy.testing.TestPostgres;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The checksum on real servers: equal for equal rows in two databases whatever the OIDs, different when values move
 * between rows or a row is duplicated, and why enums must be hashed through their text.
 */
@NeedsPostgres
class RowChecksumTest {
    static TestPostgres pg;
    static String a;
    static String b;

    @BeforeAll
    static void databases() {
        pg = TestPostgres.get();
        a = pg.createDatabase("rowsum_a");
        b = pg.createDatabase("rowsum_b");
        String rows = "CREATE TABLE t (id int, mood mood, note text, tags text[], at timestamptz, doc jsonb);"
                + "INSERT INTO t SELECT g, (ARRAY['sad','ok','happy'])[1 + g % 3]::mood, 'n' || g, ARRAY['x', g::text],"
                + " '2024-01-01 00:00+00'::timestamptz + g * interval '1 minute', jsonb_build_object('g', g) FROM generate_series(1, 500) g;";
        pg.execute(a, "CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy');" + rows);
        // Other types first: the same enum gets other OIDs here.
        pg.execute(
                b,
                "CREATE TYPE filler AS ENUM ('x', 'y', 'z', 'w'); CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy');"
                        + rows);
    }

    static RowChecksum sum(String db, RowChecksum.RowHash hash) throws SQLException {
        try (Connection c = pg.adminConnection(db)) {
            CopySessions.prepare(c);
            return RowChecksum.compute(c, RowChecksum.query("t", hash, null, false));
        }
    }

    static RowChecksum.RowHash record(boolean moodAsText) {
        return new RowChecksum.RowHash(
                List.of("id", moodAsText ? RowChecksum.RowHash.asText("mood") : "mood", "note", "tags", "at", "doc"),
                true);
    }

    @Test
    void equalRowsInTwoDatabasesHashAlike() throws SQLException {
        assertEquals(sum(a, record(true)), sum(b, record(true)));
        assertEquals(500, sum(a, record(true)).rows());
        RowChecksum.RowHash text = RowChecksum.RowHash.text(List.of("id", "mood", "note", "tags", "at", "doc"));
        assertEquals(sum(a, text), sum(b, text));
    }

    @Test
    void anEnumHashedAsItselfDiffersBetweenDatabases() throws SQLException {
        assertNotEquals(
                sum(a, record(false)), sum(b, record(false)), "hashenum hashes the label's OID: the reason for asText");
    }

    @Test
    void valuesMovedBetweenRowsOrADuplicatedRowChangeIt() throws SQLException {
        String c = pg.createDatabase("rowsum_c");
        pg.execute(
                c,
                "CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy'); CREATE TABLE t (id int, mood mood, note text, tags text[], "
                        + "at timestamptz, doc jsonb); INSERT INTO t SELECT g, (ARRAY['sad','ok','happy'])[1 + g % 3]::mood, 'n' || g, "
                        + "ARRAY['x', g::text], '2024-01-01 00:00+00'::timestamptz + g * interval '1 minute', jsonb_build_object('g', g) "
                        + "FROM generate_series(1, 500) g;");
        RowChecksum before = sum(c, record(true));
        assertEquals(sum(a, record(true)), before);
        pg.execute(c, "UPDATE t SET note = CASE id WHEN 1 THEN 'n2' ELSE 'n1' END WHERE id IN (1, 2)");
        RowChecksum swapped = sum(c, record(true));
        assertEquals(before.rows(), swapped.rows());
        assertNotEquals(before, swapped, "the same values, in other rows");
        pg.execute(
                c,
                "UPDATE t SET note = 'n' || id WHERE id IN (1, 2); DELETE FROM t WHERE id = 3; INSERT INTO t SELECT * FROM t WHERE id = 4");
        RowChecksum duplicated = sum(c, record(true));
        assertEquals(before.rows(), duplicated.rows());
        assertNotEquals(before, duplicated, "a row lost and another twice");
    }
}
