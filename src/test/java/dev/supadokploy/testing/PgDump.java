package dev.supadokploy.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
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
import java.util.stream.Stream;

/**
 * A pg_dump to check our schema work against, a tool that is not ours: {@code pg_dump --schema-only} of two databases
 * holding the same schema says the same, once normalized.
 *
 * <p><b>Which server.</b> pg_dump refuses servers newer than itself, so a test runs on the newest test server
 * the newest pg_dump found can read: the default PostgreSQL 17 when a pg_dump 17 or newer is found, else
 * {@link TestPostgres#pg15()} when a pg_dump 15 or 16 is (Debian 12's is 15), so what it proves is proven on
 * 15 too. pg_dump is looked for in $SUPA_DOKPLOY_PG_DUMP, PATH and /usr/lib/postgresql/N/bin. Skipped, saying why,
 * only when there is no pg_dump (or none of 15 or newer).
 *
 * <p><b>Comparison.</b> {@link #entries} cuts the dump into pg_dump's entries (each starts at its {@code -- Name: …; Type: …}
 * header, kept as part of the entry); two dumps of the same schema hold the same entries, in any order. Normalization,
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
 */
public record PgDump(Path binary, int major, TestPostgres server, String skipReason) {

    /** Whether a pg_dump able to read {@link #server()} was found; else {@link #skipReason()} says why not. */
    public boolean usable() {
        return binary != null;
    }

    public static PgDump find() {
        Map<Path, Integer> found = installed();
        Path newestDump =
                found.keySet().stream().max(Comparator.comparingInt(found::get)).orElse(null);
        int newest = newestDump == null ? -1 : found.get(newestDump);
        TestPostgres server;
        if (newest >= 17) {
            server = TestPostgres.get();
        } else if (newest >= 15) {
            server = TestPostgres.pg15();
        } else {
            String reason = found.isEmpty()
                    ? "no pg_dump on this machine (apt-get install postgresql-client)"
                    : "no pg_dump of PostgreSQL 15 or newer, the oldest test server: found " + found;
            System.err.println("pg_dump comparison skipped: " + reason);
            return new PgDump(null, newest, null, reason);
        }
        System.err.println(
                "pg_dump comparison: " + newestDump + " (" + newest + ") against PostgreSQL " + server.serverMajor());
        return new PgDump(newestDump, newest, server, null);
    }

    /** A pg_dump for a given server: the newest found, when it is at least the server's major (else not usable, saying why). */
    public static PgDump forServer(TestPostgres server) {
        Map<Path, Integer> found = installed();
        Path newestDump =
                found.keySet().stream().max(Comparator.comparingInt(found::get)).orElse(null);
        int newest = newestDump == null ? -1 : found.get(newestDump);
        if (newest < server.serverMajor()) {
            return new PgDump(
                    null,
                    newest,
                    server,
                    found.isEmpty()
                            ? "no pg_dump on this machine (apt-get install postgresql-client)"
                            : "pg_dump " + newest + " cannot read PostgreSQL " + server.serverMajor() + " (found "
                                    + found + ")");
        }
        return new PgDump(newestDump, newest, server, null);
    }

    /** Every pg_dump found, with its major: $SUPA_DOKPLOY_PG_DUMP, PATH, /usr/lib/postgresql/N/bin. */
    private static Map<Path, Integer> installed() {
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
            } catch (IOException e) {
                // nothing more to look at
            }
        }
        Map<Path, Integer> found = new TreeMap<>();
        candidates.stream().filter(Files::isExecutable).forEach(p -> found.put(p, major(p)));
        return found;
    }

    static int major(Path pgDump) {
        try {
            Process p = new ProcessBuilder(pgDump.toString(), "--version")
                    .redirectErrorStream(true)
                    .start();
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

    /** {@code pg_dump --schema-only} of a database of {@link #server()}. */
    public String dump(String database) throws IOException, InterruptedException {
        return dump(database, List.of());
    }

    /** {@code pg_dump --schema-only} of those schemas (all when none) of a database of {@link #server()}. */
    public String dump(String database, List<String> schemas) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(
                binary.toString(),
                "--schema-only",
                "-h",
                server.host(),
                "-p",
                String.valueOf(server.port()),
                "-U",
                server.adminUser(),
                "-d",
                database));
        // -n takes a pattern: quoted, a name is itself (case and spaces kept, no wildcards)
        schemas.forEach(s -> command.addAll(List.of("-n", "\"" + s.replace("\"", "\"\"") + "\"")));
        ProcessBuilder pb = new ProcessBuilder(command);
        if (server.adminPassword() != null) {
            pb.environment().put("PGPASSWORD", server.adminPassword());
        }
        Process p = pb.redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), "pg_dump failed for " + database);
        return out;
    }

    /**
     * Fails unless {@code pg_dump --schema-only} of those schemas (all when none) of databases {@code a} and {@code b}
     * hold the same entries once normalized; the message lists what only one side has.
     *
     * @param what how the failure starts, e.g. "the source and the restored database"
     * @param more text to end the failure with (the script applied), or ""
     */
    public void assertSameSchema(String a, String b, List<String> schemas, String what, String more)
            throws IOException, InterruptedException {
        List<String> left = entries(dump(a, schemas));
        List<String> right = entries(dump(b, schemas));
        if (!left.equals(right)) {
            List<String> onlyLeft = new ArrayList<>(left);
            right.forEach(onlyLeft::remove);
            List<String> onlyRight = new ArrayList<>(right);
            left.forEach(onlyRight::remove);
            org.junit.jupiter.api.Assertions.fail(
                    "on PostgreSQL " + server.serverMajor() + ", pg_dump --schema-only of " + what
                            + " differ.\nonly in " + a + ":\n" + indent(onlyLeft)
                            + "\nonly in " + b + ":\n" + indent(onlyRight) + more);
        }
    }

    private static String indent(List<String> entries) {
        return entries.stream()
                .map(e -> "  " + e.replace("\n", "\n  "))
                .collect(java.util.stream.Collectors.joining("\n"));
    }

    private static final Pattern TABLE_START =
            Pattern.compile("^CREATE (UNLOGGED |FOREIGN )?TABLE .* \\($|^CREATE TYPE .* AS \\($");
    private static final Pattern ACL_HEADER = Pattern.compile("^-- Name: .*; Type: (DEFAULT )?ACL;.*");

    /** The dump as its sorted, normalized entries (see the class comment for each rule). */
    public static List<String> entries(String dump) {
        List<List<String>> entries = new ArrayList<>();
        List<String> current = new ArrayList<>();
        for (String line : dump.lines().toList()) {
            if (line.startsWith("-- Name: ")) {
                entries.add(current);
                current = new ArrayList<>();
                current.add(line);
            } else if (!line.isBlank()
                    && !line.startsWith("--")
                    && !line.startsWith("SET ")
                    && !line.startsWith("\\")
                    && !line.startsWith("SELECT pg_catalog.set_config")
                    && !line.equals("RESET SESSION AUTHORIZATION;")) {
                current.add(sortedOptions(line));
            }
        }
        entries.add(current);
        entries.removeIf(List::isEmpty);
        withoutParentColumns(entries);
        return entries.stream().map(PgDump::normalized).sorted().toList();
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
                    Stream.of(m.group(1).split(", "))
                            .forEach(parent -> inherited.addAll(columns.getOrDefault(parent, Set.of())));
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
    public static String sortedOptions(String line) {
        return OPTIONS.matcher(line)
                .replaceAll(m -> Matcher.quoteReplacement("WITH ("
                        + String.join(
                                ", ", Stream.of(m.group(1).split(", ")).sorted().toList()) + ")"));
    }
}
