package dev.supadokploy.supabase.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Rule ids are stable, documented in docs/commands/validate.md, and each one is exercised by a test. */
class RuleCatalogTest {
    private static final Path ROOT = Path.of(System.getProperty("user.dir"));

    @Test
    void idsAreUniqueAndNamedAfterTheirCategory() {
        Set<String> seen = new HashSet<>();
        for (RuleInfo info : Rules.catalog()) {
            assertTrue(seen.add(info.id()), "duplicate rule id " + info.id());
            assertTrue(info.id().matches("[a-z]+\\.[a-z0-9]+(-[a-z0-9]+)*"), info.id());
            assertTrue(
                    info.id().startsWith(info.category().name() + "."),
                    info.id() + " is in category " + info.category());
            assertTrue(!info.summary().isBlank() && !info.fixSummary().isBlank(), info.id());
        }
    }

    @Test
    void docsListEveryRuleWithItsSeverity() throws IOException {
        String readme = Files.readString(ROOT.resolve("docs/commands/validate.md"));
        List<String> missing = new ArrayList<>();
        for (RuleInfo info : Rules.catalog()) {
            boolean listed =
                    readme.lines().anyMatch(l -> l.startsWith("| `" + info.id() + "` | " + info.severity() + " |"));
            if (!listed) {
                missing.add(info.id() + " (" + info.severity() + ")");
            }
        }
        assertEquals(List.of(), missing, "docs/commands/validate.md rule table rows: | `id` | severity | … |");
    }

    @Test
    void everyRuleIdIsAssertedByATest() throws IOException {
        StringBuilder tests = new StringBuilder();
        try (Stream<Path> files = Files.walk(ROOT.resolve("src/test/java/dev/supadokploy/supabase/rules"))) {
            for (Path f : files.filter(p -> p.toString().endsWith("Test.java") && !p.endsWith("RuleCatalogTest.java"))
                    .toList()) {
                tests.append(Files.readString(f));
            }
        }
        List<String> untested = Rules.catalog().stream()
                .map(RuleInfo::id)
                .filter(id -> !tests.toString().contains(" " + id))
                .toList();
        assertEquals(List.of(), untested, "rule ids no rule test expects");
    }
}
