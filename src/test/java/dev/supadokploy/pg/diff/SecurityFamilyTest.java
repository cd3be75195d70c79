package dev.supadokploy.pg.diff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.supadokploy.testing.NeedsPostgres;
import dev.supadokploy.testing.TestPostgres;
import java.sql.SQLException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What the security and comment families say, and in which order, on the privileges-changed corpus case. */
@NeedsPostgres
class SecurityFamilyTest {
    static final TestPostgres PG = DiffInvariantTest.PG;

    @Test
    void privilegesPoliciesAndCommentsChangeInPlaceWithHazardsOnWhatTakesAccessAway() throws SQLException {
        DiffPlan plan = plan("privileges-changed");
        String script = plan.script("test");
        List<String> sql = plan.changes().stream().map(Change::sql).toList();

        assertTrue(sql.contains("ALTER POLICY p_roles ON app.accounts TO diffpriv_reader;"), script);
        assertTrue(sql.contains("ALTER POLICY p_using ON app.accounts USING (balance > 0::numeric);"), script);
        // the command, the kind, or a removed WITH CHECK cannot be altered: dropped and made again
        for (String name : List.of("p_cmd", "p_kind", "p_check")) {
            assertTrue(sql.indexOf("DROP POLICY " + name + " ON app.accounts;") >= 0, script);
            assertTrue(
                    sql.stream().anyMatch(s -> s.startsWith("CREATE POLICY " + name + " ON app.accounts AS")), script);
        }
        // the column under a policy changes type: the policy is dropped before and made again after
        int dropLevel = sql.indexOf("DROP POLICY on_level ON app.docs;");
        int alterLevel = indexOfPrefix(sql, "ALTER TABLE app.docs ALTER COLUMN level");
        int createLevel = indexOfPrefix(sql, "CREATE POLICY on_level ON app.docs");
        assertTrue(dropLevel >= 0 && dropLevel < alterLevel && alterLevel < createLevel, script);

        assertHazard(plan, "DROP POLICY p_cmd ON app.accounts;", Hazard.BREAKS_CLIENTS);

        // a table made again loses its privileges, comments and policies: all are said again, after it, without
        // hazards; a policy elsewhere over it is dropped before it and made again after
        int dropLogs = sql.indexOf("DROP TABLE app.logs;");
        int createLogs = indexOfPrefix(sql, "CREATE TABLE app.logs");
        assertTrue(sql.indexOf("DROP POLICY while_logging ON app.docs;") < dropLogs, script);
        for (String after : List.of(
                "GRANT INSERT, SELECT ON TABLE app.logs TO diffpriv_reader;",
                "GRANT UPDATE (msg) ON TABLE app.logs TO \"DiffPriv Writer\";",
                "COMMENT ON TABLE app.logs IS 'log lines';",
                "COMMENT ON COLUMN app.logs.msg IS 'the line';",
                "ALTER TABLE app.logs ENABLE ROW LEVEL SECURITY;")) {
            assertTrue(sql.indexOf(after) > createLogs, after + "\n" + script);
            assertHazard(plan, after, null);
        }
        assertTrue(indexOfPrefix(sql, "CREATE POLICY readers ON app.logs") > createLogs, script);
        assertTrue(indexOfPrefix(sql, "CREATE POLICY while_logging ON app.docs") > createLogs, script);
        assertTrue(sql.contains("REVOKE EXECUTE ON FUNCTION app.total(integer) FROM PUBLIC;"), script);
        assertTrue(sql.contains("COMMENT ON AGGREGATE app.total(integer) IS 'a sum';"), script);

        assertHazard(plan, "REVOKE INSERT ON TABLE app.accounts FROM diffpriv_reader;", Hazard.BREAKS_CLIENTS);
        assertHazard(plan, "DROP POLICY \"Only in B\" ON app.accounts;", Hazard.BREAKS_CLIENTS);
        assertHazard(plan, "ALTER TABLE app.docs DISABLE ROW LEVEL SECURITY;", Hazard.BREAKS_CLIENTS);
        assertHazard(plan, "ALTER TABLE app.accounts ENABLE ROW LEVEL SECURITY;", Hazard.BREAKS_CLIENTS);
        assertHazard(plan, "GRANT SELECT ON TABLE app.accounts TO \"DiffPriv Writer\" WITH GRANT OPTION;", null);

        // revoking on the table takes the column privilege with it, so that is granted again after
        int revoke = sql.indexOf("REVOKE SELECT ON TABLE app.accounts FROM \"diffpriv_ünï\";");
        int regrant = sql.indexOf("GRANT SELECT (owner_name) ON TABLE app.accounts TO \"diffpriv_ünï\";");
        assertTrue(revoke >= 0 && revoke < regrant, script);

        assertTrue(sql.contains("REVOKE EXECUTE ON FUNCTION app.f(x integer) FROM PUBLIC;"), script);
        assertTrue(sql.contains("REVOKE EXECUTE ON PROCEDURE app.p() FROM PUBLIC;"), script);
        assertTrue(sql.contains("COMMENT ON COLUMN app.\"Ünï Table\".\"Ünï Col\" IS 'Ünï''s';"), script);
        assertTrue(sql.contains("COMMENT ON FUNCTION app.f(x text) IS NULL;"), script);
        assertTrue(
                sql.contains("ALTER DEFAULT PRIVILEGES FOR ROLE diffpriv_owner GRANT EXECUTE ON FUNCTIONS TO PUBLIC;"),
                script);
        assertTrue(
                sql.contains("ALTER DEFAULT PRIVILEGES FOR ROLE diffpriv_owner IN SCHEMA app "
                        + "REVOKE GRANT OPTION FOR USAGE ON SEQUENCES FROM \"DiffPriv Writer\";"),
                script);
    }

    @Test
    void privilegesOnNewObjectsFollowTheirCreationAndTakeNoHazard() throws SQLException {
        DiffPlan plan = plan("privileges");
        List<String> sql = plan.changes().stream().map(Change::sql).toList();
        String script = plan.script("test");
        int table = indexOfPrefix(sql, "CREATE TABLE app.accounts");
        int grant = sql.indexOf("GRANT INSERT, SELECT ON TABLE app.accounts TO diffpriv_reader;");
        int policy = indexOfPrefix(sql, "CREATE POLICY everyone ON app.accounts");
        assertTrue(table >= 0 && table < grant && table < policy, script);
        assertTrue(
                sql.contains(
                        "COMMENT ON SCHEMA \"Mixed Sëcurity\" IS E'ünïcode, \"quotes\" and a backslash \\\\ here';"),
                script);
        assertEquals(
                List.of(),
                plan.hazards().stream()
                        .filter(c -> c.sql().contains("app.accounts"))
                        .toList(),
                script);
    }

    @Test
    void aNewTableStartsWithTheDefaultPrivilegesOfItsSchema() throws SQLException {
        DiffPlan plan = plan("supabase-rls");
        List<String> sql = plan.changes().stream().map(Change::sql).toList();
        String script = plan.script("test");
        // the target's ALTER DEFAULT PRIVILEGES IN SCHEMA public give anon and service_role (no longer authenticated)
        // privileges on a table made by their role, and none on one another role makes: the script does not know who
        // runs
        // it, so it revokes what the defaults may have given and grants what they may not have, and waits for the table
        assertTrue(sql.contains("REVOKE SELECT ON TABLE public.notes FROM anon;"), script);
        assertTrue(
                sql.contains("GRANT DELETE, INSERT, SELECT, UPDATE ON TABLE public.notes TO authenticated;"), script);
        assertTrue(
                sql.stream()
                        .anyMatch(s -> s.startsWith("GRANT ") && s.endsWith("ON TABLE public.notes TO service_role;")),
                script);
        assertTrue(
                sql.stream().noneMatch(s -> s.startsWith("REVOKE ") && s.contains("public.notes FROM service_role")),
                script);
        assertTrue(
                indexOfPrefix(sql, "CREATE TABLE public.notes")
                        < sql.indexOf("REVOKE SELECT ON TABLE public.notes FROM anon;"),
                script);
        assertHazard(plan, "REVOKE SELECT ON TABLE public.notes FROM anon;", null);
        assertHazard(plan, "REVOKE SELECT ON TABLE public.profiles FROM anon;", Hazard.BREAKS_CLIENTS);
        assertHazard(
                plan,
                "ALTER POLICY \"Profiles are viewable by everyone\" ON public.profiles TO authenticated;",
                Hazard.BREAKS_CLIENTS);
        // default privileges change after the tables are made, or the new tables would get the new ones
        int lastCreate = 0;
        for (int i = 0; i < sql.size(); i++) {
            if (sql.get(i).startsWith("CREATE TABLE")) {
                lastCreate = i;
            }
        }
        assertTrue(lastCreate < indexOfPrefix(sql, "ALTER DEFAULT PRIVILEGES"), script);
    }

    @Test
    void revokingFromARoleThatPassedPrivilegesOnCascadesAndGrantsAgainWhatIsStillWanted() throws SQLException {
        DiffPlan plan = plan("privileges-regranted");
        String script = plan.script("test");
        Change revoke = plan.changes().stream()
                .filter(c -> c.sql().startsWith("REVOKE SELECT ON TABLE chain.ledger FROM diff_chain_a"))
                .findFirst()
                .orElseThrow(() -> new AssertionError(script));
        assertTrue(revoke.sql().endsWith(" CASCADE;"), script);
        assertEquals(Hazard.BREAKS_CLIENTS, revoke.hazard().kind());
        assertTrue(
                revoke.hazard().reason().contains("SELECT to Diff Chain B"),
                revoke.hazard().reason());
        List<String> sql = plan.changes().stream().map(Change::sql).toList();
        // diff_chain_c held SELECT through the chain only: it is granted again, by the owner
        assertTrue(sql.contains("GRANT SELECT ON TABLE chain.ledger TO diff_chain_c;"), script);
        // nothing is revoked from "Diff Chain B" directly: the owner could not, the cascade does
        assertTrue(sql.stream().noneMatch(s -> s.startsWith("REVOKE") && s.contains("\"Diff Chain B\"")), script);
    }

    @Test
    void ownersChangeToRolesOfTheTargetAndAMissingRoleIsAManualStep() throws SQLException {
        String source = PG.createDatabase("own_src");
        String target = PG.createDatabase("own_tgt");
        PG.execute(source, TestPostgres.resource("/diff/owners/a.sql"));
        PG.execute(target, TestPostgres.resource("/diff/owners/b.sql"));
        SchemaSnapshot a = DiffInvariantTest.read(source);
        SchemaSnapshot b = DiffInvariantTest.read(target);
        DiffPlan plan = SchemaSnapshot.compare(a, b, DiffOptions.DEFAULT);
        List<String> sql = plan.changes().stream().map(Change::sql).toList();
        String script = plan.script("test");
        for (String expected : List.of(
                "ALTER SCHEMA \"Owned\" OWNER TO \"diff Owner A\";",
                "ALTER TABLE \"Owned\".items OWNER TO \"diff Owner A\";",
                "ALTER VIEW \"Owned\".names OWNER TO \"diff Owner A\";",
                "ALTER MATERIALIZED VIEW \"Owned\".counts OWNER TO diff_owner_b;",
                "ALTER SEQUENCE \"Owned\".tickets OWNER TO \"diff Owner A\";",
                "ALTER FUNCTION \"Owned\".answer() OWNER TO \"diff Owner A\";",
                "ALTER PROCEDURE \"Owned\".noop() OWNER TO diff_owner_b;",
                "ALTER TYPE \"Owned\".colour OWNER TO \"diff Owner A\";",
                "ALTER TYPE \"Owned\".pair OWNER TO \"diff Owner A\";",
                "ALTER DOMAIN \"Owned\".positive OWNER TO \"diff Owner A\";",
                "ALTER TABLE \"Owned\".fresh OWNER TO diff_owner_b;")) {
            assertTrue(sql.contains(expected), expected + " in\n" + script);
        }
        // the serial column's sequence follows its table
        assertTrue(sql.stream().noneMatch(s -> s.contains("items_id_seq OWNER")), script);
        assertTrue(sql.indexOf("ALTER TABLE \"Owned\".fresh OWNER TO diff_owner_b;")
                > indexOfPrefix(sql, "CREATE TABLE \"Owned\".fresh"));
        assertHazard(plan, "ALTER TABLE \"Owned\".items OWNER TO \"diff Owner A\";", Hazard.BREAKS_CLIENTS);
        DiffInvariantTest.apply(target, script);
        assertEquals(owners(DiffInvariantTest.read(source)), owners(DiffInvariantTest.read(target)));

        // a role the target lacks: nothing runs, a manual step says what to do
        Roles without = new Roles(
                b.roles().user(),
                b.roles().existing().stream().filter(r -> !r.equals("diff Owner A")).toList().stream()
                        .collect(java.util.stream.Collectors.toSet()));
        DiffPlan missing = SchemaSnapshot.compare(
                a, new SchemaSnapshot(b.catalog(), b.dependencies(), without), DiffOptions.DEFAULT);
        assertTrue(
                missing.scripted().stream().noneMatch(c -> c.sql().contains("OWNER TO \"diff Owner A\"")),
                missing.script("x"));
        Change manual = missing.manual().stream()
                .filter(c -> c.objectName().equals("Owned.items"))
                .findFirst()
                .orElseThrow();
        assertEquals(Hazard.MANUAL_STEP, manual.hazard().kind());
        assertTrue(
                manual.hazard().reason().contains("diff Owner A")
                        && manual.hazard().reason().contains("does not exist"),
                manual.hazard().reason());
        assertTrue(missing.script("x").contains("cannot remove; do it by hand"), missing.script("x"));
        assertTrue(missing.scripted()
                .contains(missing.changes().stream()
                        .filter(c -> c.sql().equals("ALTER TABLE \"Owned\".fresh OWNER TO diff_owner_b;"))
                        .findFirst()
                        .orElseThrow()));
    }

    /** Every object's owner, by the identity the diff gives it. */
    private static java.util.Map<String, String> owners(SchemaSnapshot side) {
        java.util.Map<String, String> owners = new java.util.TreeMap<>();
        Securables.of(side.catalog()).values().stream()
                .filter(o -> o.owner() != null)
                .forEach(o -> owners.put(o.id(), o.owner()));
        return owners;
    }

    private static DiffPlan plan(String name) throws SQLException {
        boolean supabase = SecurityFamilyTest.class.getResource("/diff/" + name + "/supabase") != null;
        String source = supabase ? PG.createSupabaseDatabase("sec_src") : PG.createDatabase("sec_src");
        String target = supabase ? PG.createSupabaseDatabase("sec_tgt") : PG.createDatabase("sec_tgt");
        PG.execute(source, TestPostgres.resource("/diff/" + name + "/a.sql"));
        PG.execute(target, TestPostgres.resource("/diff/" + name + "/b.sql"));
        return DiffInvariantTest.diff(source, target);
    }

    private static int indexOfPrefix(List<String> sql, String prefix) {
        for (int i = 0; i < sql.size(); i++) {
            if (sql.get(i).startsWith(prefix)) {
                return i;
            }
        }
        return -1;
    }

    private static void assertHazard(DiffPlan plan, String sql, String kind) {
        Change change = plan.changes().stream()
                .filter(c -> c.sql().equals(sql))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no statement " + sql + " in\n" + plan.script("test")));
        assertEquals(kind, change.hazard() == null ? null : change.hazard().kind(), sql);
    }
}
