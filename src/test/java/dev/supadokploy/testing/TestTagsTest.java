package dev.supadokploy.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.supadokploy.testing.dokploy.Simulated;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.annotation.Annotation;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Keeps the tags honest: each tag annotation sits on exactly the test classes that need what it names, as their
 * compiled code shows. A class needs a resource when it, or a test helper it refers to (followed through the class
 * files' constant pools), calls the resource's entry point: {@code TestPostgres.get/pg15} or {@code StorageApi.start} for {@link NeedsPostgres},
 * {@code DokploySimulator.start} or a {@code @Simulated} field for {@link NeedsSimulator}, {@code TmuxTerminal.start}
 * for {@link NeedsTerminal}, {@code McpProcess.start/jar/command} (or being an {@code *IT}) for {@link StartsProcess}.
 * Reading class files rather than sources sees what a helper does two hops away.
 */
class TestTagsTest {
    private static final String T = "dev/supadokploy/testing/";

    /** One tag: its annotation, the classes whose calls into are the entry points, and which calls count. */
    private record Need(
            Class<? extends Annotation> annotation, String owner, Set<String> entryPoints, String annotationUse) {
        boolean usedDirectly(ClassFile c) {
            return c.calls.stream()
                            .anyMatch(call -> call.startsWith(owner + ".")
                                    && entryPoints.contains(call.substring(owner.length() + 1)))
                    || (annotationUse != null && c.strings.contains(annotationUse));
        }
    }

    private static final List<Need> NEEDS = List.of(
            new Need(NeedsPostgres.class, T + "TestPostgres", Set.of("get", "pg15"), null),
            // the real Storage server runs on a PostgreSQL cluster of its own
            new Need(NeedsPostgres.class, T + "StorageApi", Set.of("start"), null),
            new Need(
                    NeedsSimulator.class,
                    T + "dokploy/DokploySimulator",
                    Set.of("start", "<init>"),
                    "L" + Simulated.class.getName().replace('.', '/') + ";"),
            new Need(NeedsTerminal.class, T + "TmuxTerminal", Set.of("start"), null),
            new Need(StartsProcess.class, T + "McpProcess", Set.of("start", "jar", "command"), null));

    /** What the checker reads from one class file: the classes it names and the methods it calls (owner.name). */
    private record ClassFile(String name, Set<String> classes, Set<String> calls, Set<String> strings) {}

    @Test
    void eachTagSitsOnExactlyTheTestClassesThatNeedIt() throws Exception {
        Map<String, ClassFile> classes = readAll(testClassesRoot());
        Set<String> owners = new HashSet<>();
        NEEDS.forEach(n -> owners.add(n.owner()));
        List<String> testClasses = classes.keySet().stream()
                .filter(n -> !n.contains("$") && (n.endsWith("Test") || n.endsWith("IT")))
                .sorted()
                .toList();
        assertTrue(testClasses.size() > 100, "found the compiled test classes: " + testClasses.size());

        Map<String, Set<String>> wrong = new TreeMap<>();
        Map<String, Integer> tagged = new TreeMap<>();
        for (String name : testClasses) {
            Set<String> reached = reach(name, classes, owners);
            Class<?> type =
                    Class.forName(name.replace('/', '.'), false, getClass().getClassLoader());
            for (Need need : NEEDS.stream()
                    .filter(n -> NEEDS.stream()
                                    .filter(m -> m.annotation() == n.annotation())
                                    .findFirst()
                                    .orElseThrow()
                            == n)
                    .toList()) {
                // a tag is needed when any of its entry points is reached
                boolean needs = NEEDS.stream()
                                .filter(n -> n.annotation() == need.annotation())
                                .anyMatch(
                                        n -> reached.stream().map(classes::get).anyMatch(n::usedDirectly))
                        || (need.annotation() == StartsProcess.class && name.endsWith("IT"));
                boolean carries = type.isAnnotationPresent(need.annotation());
                if (needs != carries) {
                    wrong.computeIfAbsent(name.replace('/', '.'), k -> new TreeSet<>())
                            .add((needs ? "lacks @" : "has no need for @")
                                    + need.annotation().getSimpleName());
                }
                if (carries) {
                    tagged.merge(need.annotation().getSimpleName(), 1, Integer::sum);
                }
            }
        }
        assertEquals(Map.of(), wrong, "tags that do not match what the class does (tagged so far: " + tagged + ")");
        assertTrue(tagged.getOrDefault("NeedsPostgres", 0) > 20, "the database tests are found: " + tagged);
    }

    @Test
    void theCheckerSeesAResourceReachedThroughAHelperAndStopsAtTheResource() throws Exception {
        Map<String, ClassFile> classes = readAll(testClassesRoot());
        Need postgres = NEEDS.get(0);
        Set<String> owners = Set.of(postgres.owner());
        Predicate<String> needsPostgres =
                name -> reach(name, classes, owners).stream().map(classes::get).anyMatch(postgres::usedDirectly);
        // Some database tests reach PostgreSQL only through a helper (PgDump, SupabaseUpstream, …): seen only by
        // following.
        List<String> throughHelpers = classes.keySet().stream()
                .filter(n -> !n.contains("$") && n.endsWith("Test") && needsPostgres.test(n))
                .filter(n -> classes.keySet().stream()
                        .filter(c -> c.equals(n) || c.startsWith(n + "$"))
                        .map(classes::get)
                        .noneMatch(postgres::usedDirectly))
                .toList();
        assertTrue(!throughHelpers.isEmpty(), "no database test reaches PostgreSQL through a helper only");
        // TestTags names no resource, and the checker does not walk into TestPostgres (which calls get() itself).
        assertTrue(!needsPostgres.test(T + "TestTags"));
        assertTrue(!needsPostgres.test(T + "CliRunner"), "CliRunner takes a TestPostgres but never starts one");
        assertTrue(needsPostgres.test(T + "PgDump"), "PgDump starts the server it dumps");
    }

    /** The class, its nested classes and the test classes they name, not walking into the resources themselves. */
    private static Set<String> reach(String start, Map<String, ClassFile> classes, Set<String> owners) {
        Set<String> seen = new HashSet<>();
        ArrayDeque<String> todo = new ArrayDeque<>(List.of(start));
        while (!todo.isEmpty()) {
            String name = todo.pop();
            if (!classes.containsKey(name) || owners.contains(name) && !name.equals(start) || !seen.add(name)) {
                continue;
            }
            todo.addAll(classes.get(name).classes());
        }
        return seen;
    }

    private static Path testClassesRoot() throws URISyntaxException {
        return Path.of(TestTagsTest.class
                .getProtectionDomain()
                .getCodeSource()
                .getLocation()
                .toURI());
    }

    private static Map<String, ClassFile> readAll(Path root) throws IOException {
        Map<String, ClassFile> all = new HashMap<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path p : files.filter(f -> f.toString().endsWith(".class")).toList()) {
                String rel = root.relativize(p).toString().replace('\\', '/');
                String name = rel.substring(0, rel.length() - ".class".length());
                try (InputStream in = Files.newInputStream(p)) {
                    all.put(name, read(name, new DataInputStream(in)));
                }
            }
        }
        return all;
    }

    /** Reads a class file's constant pool (JVMS §4.4): class names, method and field references, UTF-8 strings. */
    private static ClassFile read(String name, DataInputStream in) throws IOException {
        in.readInt(); // magic
        in.readInt(); // minor and major version
        int count = in.readUnsignedShort();
        String[] utf8 = new String[count];
        int[] classNameIndex = new int[count];
        int[][] refs = new int[count][];
        int[][] nameAndType = new int[count][];
        for (int i = 1; i < count; i++) {
            int tag = in.readUnsignedByte();
            switch (tag) {
                case 1 -> utf8[i] = in.readUTF();
                case 7 -> classNameIndex[i] = in.readUnsignedShort();
                case 8, 16, 19, 20 -> in.readUnsignedShort();
                case 15 -> {
                    in.readUnsignedByte();
                    in.readUnsignedShort();
                }
                case 9, 10, 11 -> refs[i] = new int[] {in.readUnsignedShort(), in.readUnsignedShort()};
                case 12 -> nameAndType[i] = new int[] {in.readUnsignedShort(), in.readUnsignedShort()};
                case 3, 4, 17, 18 -> in.readInt();
                case 5, 6 -> {
                    in.readLong();
                    i++; // eight-byte constants take two slots
                }
                default -> throw new IOException(name + ": unknown constant pool tag " + tag);
            }
        }
        Set<String> classes = new HashSet<>();
        Set<String> calls = new HashSet<>();
        Set<String> strings = new HashSet<>();
        for (int i = 1; i < count; i++) {
            if (classNameIndex[i] != 0) {
                classes.add(utf8[classNameIndex[i]]);
            }
            if (refs[i] != null) {
                calls.add(utf8[classNameIndex[refs[i][0]]] + "." + utf8[nameAndType[refs[i][1]][0]]);
            }
            if (utf8[i] != null) {
                strings.add(utf8[i]);
            }
        }
        return new ClassFile(name, classes, calls, strings);
    }
}
