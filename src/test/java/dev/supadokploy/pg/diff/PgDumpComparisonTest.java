package dev.supadokploy.pg.diff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.supadokploy.testing.TestPostgres;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A second opinion on the invariant from a tool that is not ours: after the diff is applied to B, {@code pg_dump
 * --schema-only} of A and of B say the same (normalized: comments, SET lines, psql meta-commands and blank lines
 * dropped, trailing commas cut, lines sorted, since a column added by ALTER TABLE lands last). Runs where a pg_dump
 * at least as new as the server is found (PATH, /usr/lib/postgresql/N/bin, or $SUPA_DOKPLOY_PG_DUMP); skipped
 * otherwise, saying why. Corpus: the table cases (other families' cases join once their objects dump alike).
 */
class PgDumpComparisonTest {
    static final TestPostgres PG = TestPostgres.get();
    static Path pgDump;
    static String skipReason;

    @BeforeAll
    static void findPgDump() throws Exception {
        int server;
        try (Connection c = PG.adminConnection("postgres"); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SHOW server_version_num")) {
            rs.next();
            server = rs.getInt(1) / 10000;
        }
        List<Path> candidates = new ArrayList<>();
        Optional.ofNullable(System.getenv("SUPA_DOKPLOY_PG_DUMP")).map(Path::of).ifPresent(candidates::add);
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            candidates.add(Path.of(dir.isEmpty() ? "." : dir, "pg_dump"));
        }
        if (Files.isDirectory(Path.of("/usr/lib/postgresql"))) {
            try (Stream<Path> versions = Files.list(Path.of("/usr/lib/postgresql"))) {
                versions.map(v -> v.resolve("bin/pg_dump")).forEach(candidates::add);
            }
        }
        List<String> found = new ArrayList<>();
        pgDump = candidates.stream().filter(Files::isExecutable).distinct()
                .filter(p -> {
                    int major = major(p);
                    found.add(p + " (" + major + ")");
                    return major >= server;
                })
                .max(Comparator.comparingInt(PgDumpComparisonTest::major)).orElse(null);
        skipReason = found.isEmpty() ? "no pg_dump on this machine (apt-get install postgresql-client)"
                : "no pg_dump for a PostgreSQL " + server + " server: found " + found + "; pg_dump refuses newer servers";
        if (pgDump == null) {
            System.err.println("PgDumpComparisonTest skipped: " + skipReason);
        }
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
        return DiffInvariantTest.corpus().filter(a -> ((String) a.get()[0]).startsWith("tables"));
    }

    @ParameterizedTest(name = "{0}: make {2} like {1}, then pg_dump both")
    @MethodSource("corpus")
    void dumpsMatchAfterApplyingTheDiff(String name, String sourceFile, String targetFile) throws Exception {
        assumeTrue(pgDump != null, () -> skipReason);
        String source = PG.createDatabase("dump_src");
        String target = PG.createDatabase("dump_tgt");
        PG.execute(source, TestPostgres.resource("/diff/" + name + "/" + sourceFile + ".sql"));
        PG.execute(target, TestPostgres.resource("/diff/" + name + "/" + targetFile + ".sql"));
        DiffInvariantTest.apply(target, DiffInvariantTest.diff(source, target).script("pg_dump check " + name));
        List<String> a = normalized(dump(source));
        List<String> b = normalized(dump(target));
        if (!a.equals(b)) {
            List<String> onlyA = new ArrayList<>(a);
            b.forEach(onlyA::remove);
            List<String> onlyB = new ArrayList<>(b);
            a.forEach(onlyB::remove);
            fail("pg_dump --schema-only of A and of B after the diff differ.\nonly in A:\n  " + String.join("\n  ", onlyA)
                    + "\nonly in B:\n  " + String.join("\n  ", onlyB));
        }
    }

    static String dump(String database) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(pgDump.toString(), "--schema-only", "-h", PG.host(), "-p", String.valueOf(PG.port()),
                "-U", PG.adminUser(), "-d", database);
        if (PG.adminPassword() != null) {
            pb.environment().put("PGPASSWORD", PG.adminPassword());
        }
        Process p = pb.redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), "pg_dump failed for " + database);
        return out;
    }

    /** Storage options in the order they were set: WITH (b='1', a='2') and WITH (a='2', b='1') are the same. */
    static String sortedOptions(String line) {
        Matcher m = Pattern.compile("^WITH \\((.*)\\)(;?)$").matcher(line);
        return m.matches() ? "WITH (" + String.join(", ", Stream.of(m.group(1).split(", ")).sorted().toList()) + ")" + m.group(2) : line;
    }

    /** The dump as a sorted list of meaningful lines. */
    static List<String> normalized(String dump) {
        return dump.lines()
                .filter(l -> !l.isBlank() && !l.startsWith("--") && !l.startsWith("SET ") && !l.startsWith("\\")
                        && !l.startsWith("SELECT pg_catalog.set_config"))
                .map(l -> sortedOptions(l.replaceAll(",$", "")))
                .sorted()
                .toList();
    }
}
