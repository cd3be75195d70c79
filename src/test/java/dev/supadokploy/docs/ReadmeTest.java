package dev.supadokploy.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The README stays a front door: short, pointing into docs/ with links that resolve, and giving CI's test command. */
class ReadmeTest {
    private static final Path ROOT = Path.of(System.getProperty("user.dir"));
    private static final Pattern LINK = Pattern.compile("\\]\\(([^)#\\s]+)(#[^)\\s]*)?\\)");

    @Test
    void readmeIsAtMostTwelveKilobytes() throws IOException {
        long size = Files.size(ROOT.resolve("README.md"));
        assertTrue(size <= 12 * 1024, "README.md is " + size + " bytes; the manual belongs in docs/");
    }

    @Test
    void ciRunsTheReadmesTestCommand() throws IOException {
        String readme = Files.readString(ROOT.resolve("README.md"));
        Matcher m =
                Pattern.compile("(?m)^(mvn [^#\\n]*?)\\s+# the test command").matcher(readme);
        assertTrue(m.find(), "README.md lacks the line '<command>  # the test command'");
        String command = m.group(1).trim();
        List<String> ci = Files.readAllLines(ROOT.resolve(".ci/run"));
        assertTrue(ci.stream().anyMatch(l -> l.trim().equals(command)), ".ci/run does not run '" + command + "'");
    }

    @Test
    void relativeLinksInReadmeAndDocsResolve() throws IOException {
        List<Path> pages = new ArrayList<>(List.of(ROOT.resolve("README.md")));
        try (Stream<Path> docs = Files.walk(ROOT.resolve("docs"))) {
            docs.filter(p -> p.toString().endsWith(".md")).forEach(pages::add);
        }
        List<String> broken = new ArrayList<>();
        for (Path page : pages) {
            Matcher m = LINK.matcher(Files.readString(page));
            while (m.find()) {
                String target = m.group(1);
                if (!target.contains("://") && !Files.exists(page.getParent().resolve(target))) {
                    broken.add(ROOT.relativize(page) + " → " + target);
                }
            }
        }
        assertEquals(List.of(), broken, "links to files that do not exist");
        assertTrue(pages.size() > 10, "docs/ pages found: " + pages);
    }
}
