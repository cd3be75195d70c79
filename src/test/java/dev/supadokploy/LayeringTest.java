package dev.supadokploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Data flows one way (docs/architecture.md, The layers): lower packages never import the ones above them. */
class LayeringTest {
    private static final Path MAIN = Path.of("src/main/java/dev/supadokploy");
    private static final String BASE = "dev.supadokploy.";

    /** package → imports it must not have */
    private static final Map<String, List<String>> FORBIDDEN = Map.of(
            "errors", List.of("dev.supadokploy.", "picocli"),
            "util", List.of("dev.supadokploy.ops", "dev.supadokploy.cli", "dev.supadokploy.mcp", "picocli"),
            "config",
                    List.of(
                            "dev.supadokploy.ops",
                            "dev.supadokploy.cli",
                            "dev.supadokploy.mcp",
                            "dev.supadokploy.pg",
                            "picocli"),
            "pg",
                    List.of(
                            "dev.supadokploy.ops",
                            "dev.supadokploy.cli",
                            "dev.supadokploy.mcp",
                            "picocli",
                            "io.modelcontextprotocol"),
            "dokploy",
                    List.of(
                            "dev.supadokploy.ops",
                            "dev.supadokploy.cli",
                            "dev.supadokploy.mcp",
                            "picocli",
                            "io.modelcontextprotocol"),
            "supabase", List.of("dev.supadokploy.ops", "dev.supadokploy.cli", "dev.supadokploy.mcp", "picocli"),
            "ops",
                    List.of(
                            "dev.supadokploy.cli",
                            "dev.supadokploy.mcp",
                            "picocli",
                            "io.modelcontextprotocol",
                            "org.fusesource"),
            "mcp", List.of("dev.supadokploy.cli", "picocli"));

    /** One import of one main source file. */
    private record Import(Path file, String pkg, String imported) {}

    @Test
    void lowerPackagesNeverImportUpward() {
        List<String> violations = new ArrayList<>();
        for (Import i : imports()) {
            String top = i.pkg().split("\\.")[0];
            List<String> forbidden = FORBIDDEN.get(top);
            if (forbidden == null) {
                continue;
            }
            boolean ownErrors = top.equals("errors") && i.imported().startsWith("dev.supadokploy.errors.");
            if (!ownErrors && forbidden.stream().anyMatch(i.imported()::startsWith)) {
                violations.add(MAIN.relativize(i.file()) + ": import " + i.imported());
            }
        }
        assertEquals(List.of(), violations);
    }

    /**
     * {@code ops/<group>/} holds one command group's operations and their private helpers. Another group, or a surface
     * ({@code cli/}, {@code mcp/}), may use a group only through its {@code …Operation} classes (and the records nested
     * in them): composition such as promote → backup create goes operation to operation, never through a helper.
     */
    @Test
    void groupsAreUsedOnlyThroughTheirOperations() {
        Set<String> groups = operationGroups();
        List<String> violations = new ArrayList<>();
        for (Import i : imports()) {
            String target = packageOf(i.imported());
            if (target == null || !groups.contains(target) || target.equals(i.pkg())) {
                continue;
            }
            String type =
                    i.imported().substring(BASE.length() + target.length() + 1).split("\\.")[0];
            if (!type.endsWith("Operation")) {
                violations.add(MAIN.relativize(i.file()) + ": import " + i.imported());
            }
        }
        assertEquals(
                List.of(),
                violations,
                "Outside its group, use only a group's …Operation classes. Move a helper that "
                        + "several groups (or a command) need to a shared package: ops/connection (reaching PostgreSQL and Dokploy), "
                        + "ops/copy (copying tables), ops/rollout (deploy and wait), or a lower layer (pg/, dokploy/, supabase/, "
                        + "backup/) when it needs no ops types; or nest the record in the operation whose result carries it");
    }

    @Test
    void packagesFormNoImportCircle() {
        Map<String, Set<String>> graph = new TreeMap<>();
        for (String p : packages()) {
            graph.put(p, new TreeSet<>());
        }
        for (Import i : imports()) {
            String target = packageOf(i.imported());
            if (target != null && !target.equals(i.pkg()) && graph.containsKey(target)) {
                graph.get(i.pkg()).add(target);
            }
        }
        Map<Set<String>, String> found = new HashMap<>();
        for (Set<String> circle : circles(graph)) {
            found.put(
                    circle,
                    "make the dependency go one way: move the class both sides need below them, or move the one that "
                            + "lists the others above them, as ops/catalog/OperationCatalog and dev.supadokploy.Cli are");
        }
        assertEquals(Map.of(), found);
    }

    /** Each strongly connected set of two or more packages (Tarjan's algorithm). */
    static List<Set<String>> circles(Map<String, Set<String>> graph) {
        Map<String, Integer> index = new HashMap<>();
        Map<String, Integer> low = new HashMap<>();
        Deque<String> stack = new ArrayDeque<>();
        List<Set<String>> found = new ArrayList<>();
        for (String start : graph.keySet()) {
            if (!index.containsKey(start)) {
                connect(start, graph, index, low, stack, found);
            }
        }
        return found;
    }

    private static void connect(
            String v,
            Map<String, Set<String>> graph,
            Map<String, Integer> index,
            Map<String, Integer> low,
            Deque<String> stack,
            List<Set<String>> found) {
        index.put(v, index.size());
        low.put(v, index.get(v));
        stack.push(v);
        for (String w : graph.getOrDefault(v, Set.of())) {
            if (!index.containsKey(w)) {
                connect(w, graph, index, low, stack, found);
                low.put(v, Math.min(low.get(v), low.get(w)));
            } else if (stack.contains(w)) {
                low.put(v, Math.min(low.get(v), index.get(w)));
            }
        }
        if (low.get(v).equals(index.get(v))) {
            Set<String> component = new TreeSet<>();
            String w;
            do {
                w = stack.pop();
                component.add(w);
            } while (!w.equals(v));
            if (component.size() > 1) {
                found.add(component);
            }
        }
    }

    @Test
    void circleFinderFindsACircleAndNothingInAChain() {
        assertEquals(
                List.of(Set.of("a", "b", "c")),
                circles(Map.of("a", Set.of("b"), "b", Set.of("c"), "c", Set.of("a"), "d", Set.of("a"))));
        assertEquals(List.of(), circles(Map.of("a", Set.of("b"), "b", Set.of("c"), "c", Set.of())));
    }

    /** The packages under ops/ that hold a class named …Operation: the command groups. */
    private static Set<String> operationGroups() {
        Set<String> groups = new TreeSet<>();
        for (Path file : sources()) {
            String pkg = packageOf(file);
            if (pkg.startsWith("ops.") && file.getFileName().toString().endsWith("Operation.java")) {
                groups.add(pkg);
            }
        }
        assertTrue(groups.contains("ops.migrate") && groups.contains("ops.backup"), "groups found: " + groups);
        return groups;
    }

    private static Set<String> packages() {
        Set<String> packages = new TreeSet<>();
        sources().forEach(f -> packages.add(packageOf(f)));
        return packages;
    }

    /** The package of an imported name, relative to dev.supadokploy: its segments before the first capitalised one. */
    private static String packageOf(String imported) {
        if (!imported.startsWith(BASE)) {
            return null;
        }
        List<String> segments = new ArrayList<>();
        for (String s : imported.substring(BASE.length()).split("\\.")) {
            if (Character.isUpperCase(s.charAt(0)) || s.equals("*")) {
                break;
            }
            segments.add(s);
        }
        return String.join(".", segments);
    }

    private static String packageOf(Path file) {
        Path dir = MAIN.relativize(file).getParent();
        return dir == null ? "" : dir.toString().replace('/', '.');
    }

    private static List<Path> sources() {
        try (Stream<Path> files = Files.walk(MAIN)) {
            return files.filter(p -> p.toString().endsWith(".java")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<Import> imports() {
        List<Import> imports = new ArrayList<>();
        for (Path file : sources()) {
            try {
                for (String line : Files.readAllLines(file)) {
                    if (line.startsWith("import ")) {
                        String imported = line.substring("import ".length())
                                .replace("static ", "")
                                .replace(";", "")
                                .strip();
                        imports.add(new Import(file, packageOf(file), imported));
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return imports;
    }
}
