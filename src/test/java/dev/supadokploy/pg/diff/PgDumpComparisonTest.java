package dev.supadokploy.pg.diff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.supadokploy.testing.TestPostgres;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A second opinion on the invariant from a tool that is not ours: for every case under src/test/resources/diff/,
 * both ways (as {@link DiffInvariantTest}), after the diff is applied to B, {@code pg_dump --schema-only} of A and
 * of B say the same, and diffing again says nothing.
 *
 * <p><b>Which server.</b> pg_dump refuses servers newer than itself, so the test runs on the newest test server
 * the newest pg_dump found can read: the default PostgreSQL 17 when a pg_dump 17 or newer is found, else
 * {@link TestPostgres#pg15()} when a pg_dump 15 or 16 is (Debian 12's is 15), so the diff engine is proven on 15
 * too. pg_dump is looked for in $SUPA_DOKPLOY_PG_DUMP, PATH and /usr/lib/postgresql/N/bin. Skipped, saying why,
 * only when there is no pg_dump (or none of 15 or newer).
 *
 * <p><b>Comparison.</b> The dump is cut into pg_dump's entries (each starts at its {@code -- Name: …; Type: …}
 * header, kept as part of the entry) and the two dumps must hold the same entries, in any order. Normalization,
 * each rule only erasing what PostgreSQL treats as the same schema:
 * <ul>
 * <li>Comment lines other than the headers, blank lines, {@code SET} / {@code set_config} lines and psql
 *     meta-commands ({@code \restrict} …) are dropped: they are session settings of the dump, not the schema
 *     (but for SET SESSION AUTHORIZATION, see the grantor below).</li>
 * <li>Entries are compared as a set, not in dump order: pg_dump orders objects by dependency and then by OID,
 *     and the diff creates objects at other OIDs than A's script did.</li>
 * <li>The column (and composite type attribute) lines of a {@code CREATE TABLE} / {@code CREATE TYPE … AS (} are
 *     sorted and trailing commas cut: a column added by {@code ALTER TABLE … ADD COLUMN} (or attribute by
 *     {@code ALTER TYPE … ADD ATTRIBUTE}) always lands last, and PostgreSQL cannot reorder columns in place, so the
 *     diff keeps B's order rather than make the table again; everything else about each column is compared.</li>
 * <li>The lines of an ACL or DEFAULT ACL entry are sorted: pg_dump prints its REVOKEs and GRANTs in the order the
 *     privileges sit in the ACL array, which is the order they were granted; the privileges are a set.</li>
 * <li>In a {@code CREATE TABLE … INHERITS (…)}, the column lines its parents' CREATE TABLE has too are left out:
 *     pg_dump prints a child's inherited column only when the child has it locally too (attislocal), as it does
 *     when it had the column before {@code ALTER TABLE … INHERIT}, which only making the table again could undo;
 *     the column, its type and its constraints are the same either way. (Compared without NOT NULL, which
 *     pg_dump prints on the parent only; the catalog diff compares it.)</li>
 * <li>Storage options {@code WITH (b='1', a='2')} of tables, views, materialized views and indexes are sorted:
 *     reloptions are a set, printed in the order they were set.</li>
 * </ul>
 * One known limit of the diff is erased too, and is not an equivalence: the grantor. pg_dump wraps a grant that
 * a role other than the owner made (passing on its grant option) in {@code SET SESSION AUTHORIZATION grantor} …
 * {@code RESET SESSION AUTHORIZATION}; the diff makes every grant as the user who runs the script, so those lines
 * are dropped. Who holds which privilege, and with grant option or not, is still compared; only who is recorded
 * as having granted it is not (it matters to a later REVOKE … CASCADE, not to access).
 * <p>Enum labels, function bodies, constraint and index definitions, policies, triggers, comments and owners are
 * compared as printed ({@link #normalizationErasesOnlyWhatPostgresTreatsAlike} checks both sides of that line).
 * {@code -Ddiff.case=NAME} runs one case.
 */
class PgDumpComparisonTest {
    static TestPostgres pg;
    static Path pgDump;
    static String skipReason;

    @BeforeAll
    static void findPgDumpAndServer() throws Exception {
        Set<Path> candidates = new LinkedHashSet<>();
        String configured = System.getenv("SUPA_DOKPLOY_PG_DUMP");
        if (configured != null && !configured.isBlank()) {
            candidates.add(Path.of(configured));
        }
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            candidates.add(Path.of(dir.isEmpty() ? "." : dir, "pg_dump"));
        }
        if (Files.isDirectory(Path.of("/usr/lib/postgresql"))) {
            try (Stream<Path> versions = Files.list(Path.of("/usr/lib/postgresql"))) {
                versions.map(v -> v.resolve("bin/pg_dump")).forEach(candidates::add);
            }
        }
        Map<Path, Integer> found = new TreeMap<>();
        candidates.stream().filter(Files::isExecutable).forEach(p -> found.put(p, major(p)));
        pgDump = found.keySet().stream().max(Comparator.comparingInt(found::get)).orElse(null);
        int newest = pgDump == null ? -1 : found.get(pgDump);
        if (newest >= 17) {
            pg = TestPostgres.get();
        } else if (newest >= 15) {
            pg = TestPostgres.pg15();
        } else {
            skipReason = found.isEmpty() ? "no pg_dump on this machine (apt-get install postgresql-client)"
                    : "no pg_dump of PostgreSQL 15 or newer, the oldest test server: found " + found;
            pgDump = null;
            System.err.println("PgDumpComparisonTest skipped: " + skipReason);
            return;
        }
        System.err.println("PgDumpComparisonTest: " + pgDump + " (" + newest + ") against PostgreSQL " + pg.serverMajor());
    }

    static int major(Path pgDump) {
        try {
            Process p = new ProcessBuilder(pgDump.toString(), "--version").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            p.waitFor(10, TimeUnit.SECONDS);
            Matcher m = Pattern.compile("(\\d+)(\\.\\d+)?").matcher(out.replaceAll("^[^)]*\\)", ""));
            return m.find() ? Integer.parseInt(m.group(1)) : -1;
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    static Stream<Arguments> corpus() throws IOException, URISyntaxException {
        return DiffInvariantTest.corpus();
    }

    @ParameterizedTest(name = "{0}: make {2} like {1}, then pg_dump both")
    @MethodSource("corpus")
    void dumpsMatchAfterApplyingTheDiff(String name, String sourceFile, String targetFile) throws Exception {
        assumeTrue(pgDump != null, () -> skipReason);
        boolean supabase = PgDumpComparisonTest.class.getResource("/diff/" + name + "/supabase") != null;
        String source = supabase ? pg.createSupabaseDatabase("dump_src") : pg.createDatabase("dump_src");
        String target = supabase ? pg.createSupabaseDatabase("dump_tgt") : pg.createDatabase("dump_tgt");
        try {
            compare(name, sourceFile, targetFile, source, target);
        } finally {
            pg.dropDatabase(source);
            pg.dropDatabase(target);
        }
    }

    private static void compare(String name, String sourceFile, String targetFile, String source, String target) throws Exception {
        DiffInvariantTest.apply(pg, source, TestPostgres.resource("/diff/" + name + "/" + sourceFile + ".sql"));
        DiffInvariantTest.apply(pg, target, TestPostgres.resource("/diff/" + name + "/" + targetFile + ".sql"));
        String script = DiffInvariantTest.diff(pg, source, target).script("pg_dump check " + name);
        DiffInvariantTest.apply(pg, target, script);
        DiffPlan again = DiffInvariantTest.diff(pg, source, target);
        // as in DiffInvariantTest, a case marked "manual" may leave manual steps, with nothing to run
        boolean manual = PgDumpComparisonTest.class.getResource("/diff/" + name + "/manual") != null;
        if (manual ? !again.scripted().isEmpty() : !again.isEmpty()) {
            fail("on PostgreSQL " + pg.serverMajor() + ", after applying the diff, differences remain:\n"
                    + again.script("remaining") + "\n\nscript applied:\n" + script);
        }
        List<String> a = entries(dump(source));
        List<String> b = entries(dump(target));
        if (!a.equals(b)) {
            List<String> onlyA = new ArrayList<>(a);
            b.forEach(onlyA::remove);
            List<String> onlyB = new ArrayList<>(b);
            a.forEach(onlyB::remove);
            fail("on PostgreSQL " + pg.serverMajor() + ", pg_dump --schema-only of A and of B after the diff differ.\n"
                    + "only in A:\n" + indent(onlyA) + "\nonly in B:\n" + indent(onlyB) + "\n\nscript applied:\n" + script);
        }
    }

    @Test
    void normalizationErasesOnlyWhatPostgresTreatsAlike() {
        String table = """
                --
                -- Name: t; Type: TABLE; Schema: s; Owner: o
                --

                CREATE TABLE s.t (
                    a integer NOT NULL,
                    b text
                )
                WITH (fillfactor='70', autovacuum_enabled='false');
                --
                -- Name: TABLE t; Type: ACL; Schema: s; Owner: o
                --

                GRANT SELECT ON TABLE s.t TO r1;
                GRANT INSERT ON TABLE s.t TO r2;
                """;
        String reordered = """
                --
                -- Name: TABLE t; Type: ACL; Schema: s; Owner: o
                --

                GRANT INSERT ON TABLE s.t TO r2;
                GRANT SELECT ON TABLE s.t TO r1;
                SET default_table_access_method = heap;
                --
                -- Name: t; Type: TABLE; Schema: s; Owner: o
                --

                CREATE TABLE s.t (
                    b text,
                    a integer NOT NULL
                )
                WITH (autovacuum_enabled='false', fillfactor='70');
                """;
        assertEquals(entries(table), entries(reordered));
        assertNotEquals(entries(table), entries(table.replace("b text", "b varchar")));
        assertNotEquals(entries(table), entries(table.replace("GRANT INSERT", "GRANT UPDATE")));

        String enumType = "-- Name: e; Type: TYPE; Schema: s; Owner: o\nCREATE TYPE s.e AS ENUM (\n    'x',\n    'y'\n);\n";
        assertNotEquals(entries(enumType), entries(enumType.replace("'x',\n    'y'", "'y',\n    'x'")), "enum labels keep their order");
        String body = "-- Name: f(); Type: FUNCTION; Schema: s; Owner: o\nCREATE FUNCTION s.f() RETURNS int\n    AS $$\nSELECT 1;\nSELECT 2;\n$$;\n";
        assertNotEquals(entries(body), entries(body.replace("SELECT 1;\nSELECT 2;", "SELECT 2;\nSELECT 1;")), "bodies keep their order");

        String parent = "-- Name: p; Type: TABLE; Schema: s; Owner: o\nCREATE TABLE s.p (\n    id integer NOT NULL\n);\n";
        String child = "-- Name: c; Type: TABLE; Schema: s; Owner: o\nCREATE TABLE s.c (\n    x integer\n)\nINHERITS (s.p);\n";
        String childLocal = child.replace("    x integer\n", "    id integer,\n    x integer\n");
        assertEquals(entries(parent + child), entries(parent + childLocal), "a parent's column the child also has locally");
        assertNotEquals(entries(parent + child), entries(parent + childLocal.replace("id integer", "other integer")));
    }

    private static String indent(List<String> entries) {
        return entries.stream().map(e -> "  " + e.replace("\n", "\n  ")).collect(Collectors.joining("\n"));
    }

    static String dump(String database) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(pgDump.toString(), "--schema-only", "-h", pg.host(), "-p", String.valueOf(pg.port()),
                "-U", pg.adminUser(), "-d", database);
        if (pg.adminPassword() != null) {
            pb.environment().put("PGPASSWORD", pg.adminPassword());
        }
        Process p = pb.redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), "pg_dump failed for " + database);
        return out;
    }

    private static final Pattern TABLE_START = Pattern.compile("^CREATE (UNLOGGED |FOREIGN )?TABLE .* \\($|^CREATE TYPE .* AS \\($");
    private static final Pattern ACL_HEADER = Pattern.compile("^-- Name: .*; Type: (DEFAULT )?ACL;.*");

    /** The dump as its sorted, normalized entries (see the class comment for each rule). */
    static List<String> entries(String dump) {
        List<List<String>> entries = new ArrayList<>();
        List<String> current = new ArrayList<>();
        for (String line : dump.lines().toList()) {
            if (line.startsWith("-- Name: ")) {
                entries.add(current);
                current = new ArrayList<>();
                current.add(line);
            } else if (!line.isBlank() && !line.startsWith("--") && !line.startsWith("SET ") && !line.startsWith("\\")
                    && !line.startsWith("SELECT pg_catalog.set_config") && !line.equals("RESET SESSION AUTHORIZATION;")) {
                current.add(sortedOptions(line));
            }
        }
        entries.add(current);
        entries.removeIf(List::isEmpty);
        withoutParentColumns(entries);
        return entries.stream().map(PgDumpComparisonTest::normalized).sorted().toList();
    }

    private static final Pattern CREATE_TABLE = Pattern.compile("^CREATE (?:UNLOGGED )?TABLE (.+) \\($");
    private static final Pattern INHERITS = Pattern.compile("^INHERITS \\((.*)\\);$");

    /** A column line without its comma, and without NOT NULL, which pg_dump leaves out where a parent says it. */
    private static String columnKey(String line) {
        return line.replaceAll(",$", "").replace(" NOT NULL", "");
    }

    /** A parent's columns are left out of its children's CREATE TABLE (see the class comment). */
    private static void withoutParentColumns(List<List<String>> entries) {
        Map<String, Set<String>> columns = new TreeMap<>();
        for (List<String> entry : entries) {
            for (int i = 0; i < entry.size(); i++) {
                Matcher m = CREATE_TABLE.matcher(entry.get(i));
                if (m.matches()) {
                    Set<String> own = new java.util.HashSet<>();
                    for (int j = i + 1; j < entry.size() && !entry.get(j).startsWith(")"); j++) {
                        own.add(columnKey(entry.get(j)));
                    }
                    columns.put(m.group(1), own);
                }
            }
        }
        for (List<String> entry : entries) {
            for (int i = 0; i < entry.size(); i++) {
                Matcher m = INHERITS.matcher(entry.get(i));
                if (m.matches()) {
                    Set<String> inherited = new java.util.HashSet<>();
                    Stream.of(m.group(1).split(", ")).forEach(parent -> inherited.addAll(columns.getOrDefault(parent, Set.of())));
                    entry.removeIf(line -> line.startsWith("    ") && inherited.contains(columnKey(line)));
                    break;
                }
            }
        }
    }

    private static String normalized(List<String> entry) {
        List<String> lines = new ArrayList<>(entry);
        if (ACL_HEADER.matcher(lines.get(0)).matches()) {
            lines.subList(1, lines.size()).sort(null);
        }
        for (int i = 0; i < lines.size(); i++) {
            if (TABLE_START.matcher(lines.get(i)).matches()) {
                int end = i + 1;
                while (end < lines.size() && !lines.get(end).startsWith(")")) {
                    lines.set(end, lines.get(end).replaceAll(",$", ""));
                    end++;
                }
                lines.subList(i + 1, end).sort(null);
                i = end;
            }
        }
        return String.join("\n", lines);
    }

    private static final Pattern OPTIONS = Pattern.compile("WITH \\(((?:[a-z_.]+='(?:[^']|'')*'(?:, )?)+)\\)");

    /** Storage options in the order they were set: WITH (b='1', a='2') and WITH (a='2', b='1') are the same. */
    static String sortedOptions(String line) {
        return OPTIONS.matcher(line).replaceAll(m -> Matcher.quoteReplacement(
                "WITH (" + String.join(", ", Stream.of(m.group(1).split(", ")).sorted().toList()) + ")"));
    }
}
