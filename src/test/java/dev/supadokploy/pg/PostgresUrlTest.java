package dev.supadokploy.pg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.supadokploy.errors.ErrorCode;
import dev.supadokploy.errors.SupaException;
import org.junit.jupiter.api.Test;

class PostgresUrlTest {

    @Test
    void parsesAFullUrlWithAnAwkwardPassword() {
        ConnectionTarget t = PostgresUrl.parse(
                "postgres://postgres.tenant1:p%40ss%2Fw%23rd@db.example.com:6543/postgres?sslmode=require", "test");
        assertEquals("db.example.com", t.host());
        assertEquals(6543, t.port());
        assertEquals("postgres", t.database());
        assertEquals("postgres.tenant1", t.user());
        assertEquals("p@ss/w#rd", t.password().reveal());
        assertEquals("require", t.parameters().get("sslmode"));
        assertEquals(new ConnectionTarget.PoolerInfo("supavisor", "transaction", "tenant1"), t.pooler());
    }

    @Test
    void rawSpecialCharactersInThePasswordStillParse() {
        ConnectionTarget t = PostgresUrl.parse("postgresql://admin:a/b@c@host/db", "test");
        assertEquals("admin", t.user());
        assertEquals("a/b@c", t.password().reveal());
        assertEquals("host", t.host());
        assertEquals("db", t.database());
    }

    @Test
    void jdbcUrlsWithPropertiesAndIpv6() {
        ConnectionTarget t =
                PostgresUrl.parse("jdbc:postgresql://[::1]:5433/app?user=me&password=pw&ApplicationName=x", "test");
        assertEquals("::1", t.host());
        assertEquals(5433, t.port());
        assertEquals("me", t.user());
        assertEquals("pw", t.password().reveal());
        assertTrue(t.jdbcUrl().startsWith("jdbc:postgresql://[::1]:5433/app?"));
        assertFalse(t.jdbcUrl().contains("pw"), "the password never goes into the JDBC URL");
        assertFalse(t.display().contains("pw"));
    }

    @Test
    void defaults() {
        ConnectionTarget t = PostgresUrl.parse("postgres://host", "test");
        assertEquals(5432, t.port());
        assertEquals("postgres", t.database());
        assertNull(t.user());
        assertNull(t.password());
        assertNull(t.pooler());
    }

    @Test
    void sessionModeSupavisorIsRecognisedByTheTenantUser() {
        ConnectionTarget t = PostgresUrl.parse("postgres://postgres.abc@host:5432/postgres", "test");
        assertEquals("session", t.pooler().mode());
        assertEquals("abc", t.pooler().tenant());
    }

    @Test
    void invalidUrlsAreCodedErrors() {
        for (String bad : new String[] {
            "mysql://x",
            "postgres://host:notaport/db",
            "postgres://host:70000/db",
            "postgres://[::1/db",
            "postgres://h/%zz"
        }) {
            SupaException e = assertThrows(SupaException.class, () -> PostgresUrl.parse(bad, "test"), bad);
            assertEquals(ErrorCode.CONNECTION_INVALID_URL, e.code(), bad);
            assertTrue(e.suggestion().contains("postgres://"));
        }
    }
}
