package dev.supadokploy.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

/** The two test servers: the default PostgreSQL 17 and the older 15, both up at once, each a real server. */
@NeedsPostgres
class TestPostgresVersionsTest {

    @Test
    void bothMajorsRunAtOnce() throws SQLException {
        TestPostgres pg17 = TestPostgres.get();
        TestPostgres pg15 = TestPostgres.pg15();
        assertEquals(17, pg17.serverMajor());
        assertEquals(15, pg15.serverMajor());
        assertTrue(!pg17.host().equals(pg15.host()) || pg17.port() != pg15.port(), "two servers, not one");
        // both answer, interleaved, each in a fresh database of its own
        String db17 = pg17.createDatabase("versions");
        String db15 = pg15.createDatabase("versions");
        assertEquals(17, versionNum(pg17, db17) / 10000);
        assertEquals(15, versionNum(pg15, db15) / 10000);
        pg15.execute(db15, "CREATE TABLE t (id int PRIMARY KEY)");
        pg17.execute(db17, "CREATE TABLE t (id int PRIMARY KEY, only_on_17 text)");
        assertNotEquals(columns(pg15, db15), columns(pg17, db17));
        String supabase = pg15.createSupabaseDatabase("versions_supabase");
        try (Connection c = pg15.adminConnection(supabase);
                Statement s = c.createStatement();
                ResultSet rs =
                        s.executeQuery("SELECT count(*) FROM pg_namespace WHERE nspname IN ('auth', 'storage')")) {
            rs.next();
            assertEquals(2, rs.getInt(1));
        }
    }

    @Test
    void loginRoleAuthenticatesByPasswordOn15() throws SQLException {
        TestPostgres pg15 = TestPostgres.pg15();
        String db = pg15.createDatabase("versions_login");
        String url = "jdbc:postgresql://" + pg15.host() + ":" + pg15.port() + "/" + db;
        try (Connection c = DriverManager.getConnection(url, TestPostgres.LOGIN_ROLE, TestPostgres.LOGIN_PASSWORD);
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT current_user, current_setting('server_version_num')::int")) {
            rs.next();
            assertEquals(TestPostgres.LOGIN_ROLE, rs.getString(1));
            assertEquals(15, rs.getInt(2) / 10000);
        }
        if (pg15.passwordAuth()) {
            SQLException e = assertThrows(
                    SQLException.class,
                    () -> DriverManager.getConnection(url, TestPostgres.LOGIN_ROLE, "wrong")
                            .close());
            assertEquals("28P01", e.getSQLState(), e.getMessage());
        }
    }

    private static int versionNum(TestPostgres pg, String db) throws SQLException {
        try (Connection c = pg.adminConnection(db);
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT current_setting('server_version_num')::int")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private static int columns(TestPostgres pg, String db) throws SQLException {
        try (Connection c = pg.adminConnection(db);
                Statement s = c.createStatement();
                ResultSet rs =
                        s.executeQuery("SELECT count(*) FROM information_schema.columns WHERE table_name = 't'")) {
            rs.next();
            return rs.getInt(1);
        }
    }
}
