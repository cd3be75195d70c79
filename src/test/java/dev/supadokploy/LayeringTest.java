package dev.supadokploy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Data flows one way (docs/architecture.md, The layers): lower packages never import the ones above them. */
class LayeringTest {
    private static final Path MAIN = Path.of("src/main/java/dev/supadokploy");

    /** package → imports it must not have */
    private static final Map<String, List<String>> FORBIDDEN = Map.of(
            "errors", List.of("dev.supadokploy.", "picocli"),
            "util", List.of("dev.supadokploy.ops", "dev.supadokploy.cli", "dev.supadokploy.mcp", "picocli"),
            "config", List.of("dev.supadokploy.ops", "dev.supadokploy.cli", "dev.supadokploy.mcp", "dev.supadokploy.pg", "picocli"),
            "pg", List.of("dev.supadokploy.ops", "dev.supadokploy.cli", "dev.supadokploy.mcp", "picocli", "io.modelcontextprotocol"),
            "dokploy", List.of("dev.supadokploy.ops", "dev.supadokploy.cli", "dev.supadokploy.mcp", "picocli", "io.modelcontextprotocol"),
            "supabase", List.of("dev.supadokploy.ops", "dev.supadokploy.cli", "dev.supadokploy.mcp", "picocli"),
            "ops", List.of("dev.supadokploy.cli", "dev.supadokploy.mcp", "picocli", "io.modelcontextprotocol", "org.fusesource"),
            "mcp", List.of("dev.supadokploy.cli", "picocli"));

    @Test
    void lowerPackagesNeverImportUpward() throws IOException {
        List<String> violations = new ArrayList<>();
        for (Map.Entry<String, List<String>> rule : FORBIDDEN.entrySet()) {
            Path dir = MAIN.resolve(rule.getKey());
            if (!Files.isDirectory(dir)) {
                continue;
            }
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path file : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                    for (String line : Files.readAllLines(file)) {
                        if (!line.startsWith("import ")) {
                            continue;
                        }
                        String imported = line.substring("import ".length()).replace("static ", "");
                        boolean ownErrors = rule.getKey().equals("errors") && imported.startsWith("dev.supadokploy.errors.");
                        if (!ownErrors && rule.getValue().stream().anyMatch(imported::startsWith)) {
                            violations.add(MAIN.relativize(file) + ": " + line);
                        }
                    }
                }
            }
        }
        assertEquals(List.of(), violations);
    }
}
