package dev.supadokploy.supabase.rules;

import dev.supadokploy.util.DotEnv;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** The file itself: keys assigned twice (the last one wins, silently) and lines that are not KEY=value. */
final class FileSyntaxRule implements Rule {
    static final RuleInfo DUPLICATE = new RuleInfo(
            "file.duplicate-key",
            Category.file,
            Severity.warning,
            "A key is assigned more than once (Docker Compose uses the last assignment)",
            "manual: delete the assignments you do not mean");
    static final RuleInfo INVALID = new RuleInfo(
            "file.invalid-line",
            Category.file,
            Severity.error,
            "A line is neither a comment nor KEY=value (Docker Compose refuses a local file; on Dokploy, a warning: "
                    + "dotenv drops the line)",
            "manual: fix or delete the line");

    @Override
    public List<RuleInfo> infos() {
        return List.of(DUPLICATE, INVALID);
    }

    @Override
    public List<Finding> check(AuditedEnv env) {
        List<Finding> findings = new ArrayList<>();
        DotEnv dotEnv = env.dotEnv();
        for (Map.Entry<String, List<Integer>> dup : dotEnv.duplicates().entrySet()) {
            String key = dup.getKey();
            List<Integer> lines = dup.getValue();
            long distinct = dotEnv.entries().stream()
                    .filter(e -> e.key().equals(key))
                    .map(DotEnv.Entry::value)
                    .distinct()
                    .count();
            int winner = lines.get(lines.size() - 1);
            findings.add(DUPLICATE.finding(
                    key,
                    key + " is assigned " + lines.size() + " times; Docker Compose uses the last one (line " + winner
                            + ")"
                            + (distinct > 1
                                    ? ", and the values differ, so what an editor shows first is not what runs"
                                    : ""),
                    "lines " + lines.stream().map(String::valueOf).collect(Collectors.joining(", "))
                            + (distinct > 1 ? "; " + distinct + " different values" : "; same value"),
                    Fix.manual("Delete the assignments of " + key + " other than the one you mean (line " + winner
                            + " is in effect)")));
        }
        if (env.dokploy().isPresent()) {
            // Dokploy re-parses the env with dotenv 16.4.5, which skips what it cannot read: the line is lost, the file
            // is not refused (Dokploy v0.30.2: packages/server/src/utils/docker/utils.ts, prepareEnvironmentVariables)
            for (int line : env.dokploy().get().droppedLines()) {
                findings.add(new Finding(
                        INVALID.id(),
                        INVALID.category(),
                        Severity.warning,
                        List.of(),
                        "Line " + line
                                + " is not KEY=value as dotenv reads it: Dokploy drops it without a word when it writes the .env, so "
                                + "whatever it was meant to set never reaches the containers",
                        "line " + line + ": dropped by Dokploy",
                        Fix.manual("Fix line " + line
                                + " (KEY=value, quoted if the value has spaces or '#'), or make it a # comment")));
            }
            return findings;
        }
        for (DotEnv.Invalid line : dotEnv.invalidLines()) {
            // The line's text is never shown: it may be half of a secret.
            findings.add(INVALID.finding(
                    List.of(),
                    "Line " + line.lineNumber() + " does not parse (" + line.reason()
                            + "): Docker Compose refuses the whole file",
                    "line " + line.lineNumber() + ": " + line.reason(),
                    Fix.manual("Fix line " + line.lineNumber()
                            + " (KEY=value, quoted if the value has spaces), or make it a # comment")));
        }
        return findings;
    }
}
