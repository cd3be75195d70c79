package dev.supadokploy.supabase.rules;

import dev.supadokploy.testing.EnvFixtures;
import dev.supadokploy.testing.Hs256;
import dev.supadokploy.util.DotEnv;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The healthy fixture (a correct Dokploy-made Supabase .env) with one thing changed at a time, so that each
 * rule test shows exactly the finding the change causes, and nothing else.
 */
final class EnvUnderTest {
    /** The clock of every rule test: the healthy fixture's keys are then five years from expiry. */
    static final Instant NOW = Instant.parse("2026-11-24T00:00:00Z");

    private String text;
    private String publicUrl;
    private dev.supadokploy.supabase.StackShape shape;

    private EnvUnderTest(String text) {
        this.text = text;
    }

    static EnvUnderTest healthy() {
        return new EnvUnderTest(EnvFixtures.read(EnvFixtures.HEALTHY));
    }

    static EnvUnderTest of(String fixture) {
        return new EnvUnderTest(EnvFixtures.read(fixture));
    }

    EnvUnderTest set(String key, String value) {
        text = DotEnv.parse(text).set(key, value).write();
        return this;
    }

    /** Drops every assignment of the key. */
    EnvUnderTest remove(String key) {
        text = Arrays.stream(text.split("\n", -1))
                .filter(l -> !l.startsWith(key + "="))
                .collect(Collectors.joining("\n"));
        return this;
    }

    EnvUnderTest appendLine(String line) {
        text = text + "\n" + line;
        return this;
    }

    EnvUnderTest publicUrl(String url) {
        this.publicUrl = url;
        return this;
    }

    /** The compose file's shape the rules are given, as for a stack on Dokploy. */
    EnvUnderTest shape(String composeFile) {
        this.shape = dev.supadokploy.supabase.StackShape.read(composeFile).orElseThrow();
        return this;
    }

    String get(String key) {
        return DotEnv.parse(text).get(key).orElseThrow();
    }

    String text() {
        return text;
    }

    /** A key signed by the test's own HS256 (not the code under test) with the given secret. */
    static String sign(String secret, Object... claimPairs) {
        Map<String, Object> claims = new LinkedHashMap<>();
        for (int i = 0; i < claimPairs.length; i += 2) {
            claims.put((String) claimPairs[i], claimPairs[i + 1]);
        }
        return Hs256.sign(claims, secret);
    }

    /** A Supabase-shaped key for the role, signed with this env's JWT_SECRET, expiring at {@code exp}. */
    String key(String role, Instant exp) {
        return sign(
                get("JWT_SECRET"),
                "role",
                role,
                "iss",
                "supabase",
                "iat",
                NOW.getEpochSecond() - 86_400,
                "exp",
                exp.getEpochSecond());
    }

    AuditedEnv audited() {
        PublicEndpoint url = publicUrl == null
                ? null
                : PublicEndpoint.parseDomainOrUrl(publicUrl).orElseThrow();
        return new AuditedEnv(DotEnv.parse(text), url, NOW, ".env").withShape(shape);
    }

    List<Finding> findings() {
        return Rules.evaluate(audited());
    }

    /** "severity rule-id VARIABLES" per finding, in the engine's order. */
    List<String> labels() {
        return findings().stream().map(EnvUnderTest::label).toList();
    }

    static String label(Finding f) {
        return f.severity() + " " + f.label();
    }

    Finding only(String ruleId) {
        List<Finding> matching =
                findings().stream().filter(f -> f.ruleId().equals(ruleId)).toList();
        if (matching.size() != 1) {
            throw new AssertionError("expected one " + ruleId + " finding, got " + matching);
        }
        return matching.get(0);
    }
}
