package dev.supadokploy.pg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.supadokploy.testing.NeedsPostgres;
import dev.supadokploy.testing.TestPostgres;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;

/** Which roles count as privileged for agent SQL, read from a real server's catalogs. */
@NeedsPostgres
class LoginPrivilegesTest {

    @Test
    void attributesAndMembershipsDirectOrThroughAnotherRole() throws SQLException {
        TestPostgres pg = TestPostgres.get();
        String p = "lp_" + Long.toHexString(ThreadLocalRandom.current().nextLong() & 0xffffffL) + "_";
        pg.execute(
                "postgres",
                "CREATE ROLE " + p + "plain LOGIN; CREATE ROLE " + p + "creator LOGIN CREATEROLE;"
                        + "CREATE ROLE " + p + "signaller LOGIN; GRANT pg_signal_backend TO " + p + "signaller;"
                        + "CREATE ROLE " + p + "bypass NOLOGIN BYPASSRLS; CREATE ROLE " + p
                        + "indirect LOGIN NOINHERIT; GRANT " + p + "bypass TO " + p + "indirect;"
                        + "CREATE ROLE " + p + "monitor LOGIN; GRANT pg_monitor TO " + p + "monitor;"
                        + "CREATE ROLE " + p + "reader LOGIN; GRANT pg_read_all_data TO " + p + "reader");
        try (Connection c = pg.adminConnection("postgres")) {
            List<String> admin = LoginPrivileges.ofLogin(c).privileges();
            assertEquals("SUPERUSER", admin.get(0), "the test server's admin is its bootstrap superuser: " + admin);
            assertTrue(
                    admin.stream().noneMatch(x -> x.startsWith("member of")),
                    "a superuser's memberships say nothing more: " + admin);
            assertEquals(pg.adminUser(), LoginPrivileges.ofLogin(c).role());
            LoginPrivileges plain = LoginPrivileges.of(c, p + "plain");
            assertFalse(plain.privileged(), plain::toString);
            assertEquals(
                    List.of("CREATEROLE"), LoginPrivileges.of(c, p + "creator").privileges());
            assertEquals(
                    List.of("member of pg_signal_backend"),
                    LoginPrivileges.of(c, p + "signaller").privileges());
            // NOINHERIT does not help: SET ROLE still reaches the BYPASSRLS role.
            assertEquals(
                    List.of("member of " + p + "bypass (BYPASSRLS)"),
                    LoginPrivileges.of(c, p + "indirect").privileges());
            assertTrue(LoginPrivileges.of(c, p + "reader").privileges().contains("member of pg_read_all_data"));
            assertFalse(
                    LoginPrivileges.of(c, p + "monitor").privileged(), "pg_monitor reads statistics only: not refused");
        } finally {
            for (String r : List.of("plain", "creator", "signaller", "indirect", "bypass", "monitor", "reader")) {
                pg.execute("postgres", "DROP ROLE IF EXISTS " + p + r);
            }
        }
    }
}
