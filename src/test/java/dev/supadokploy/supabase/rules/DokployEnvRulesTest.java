package dev.supadokploy.supabase.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.supadokploy.dokploy.DokployEnv;
import dev.supadokploy.dokploy.DokployVersion;
import dev.supadokploy.supabase.keys.SecretGenerator;
import dev.supadokploy.util.DotEnv;
import java.security.SecureRandom;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The rules over a Dokploy compose's env judged as its containers get it ({@link DokployEnv}): references resolved or
 * reported, '#' cutting unquoted values, '$' by server version, dropped lines, and fixes that never write over a
 * reference.
 */
class DokployEnvRulesTest {
    private static final DokployVersion V0_29 = DokployVersion.of(0, 29, 4);
    private static final DokployVersion V0_30 = DokployVersion.of(0, 30, 2);

    private static AuditedEnv dokploy(String text, DokployEnv.Shared shared, DokployVersion version) {
        return new AuditedEnv(DotEnv.parse(text), null, EnvUnderTest.NOW, ".env")
                .withDokployView(DokployEnv.of(text, shared, version));
    }

    private static List<String> labels(AuditedEnv env) {
        return Rules.evaluate(env).stream().map(EnvUnderTest::label).toList();
    }

    private static final DokployEnv.Shared NO_SHARED = DokployEnv.Shared.of("", "");

    @Test
    void aReferencedSecretIsJudgedByItsResolvedValueAndFixLeavesTheReference() {
        EnvUnderTest healthy = EnvUnderTest.healthy();
        String secret = healthy.get("JWT_SECRET");
        String text = healthy.set("JWT_SECRET", "${{project.JWT_SECRET}}").text();
        List<String> baseline = EnvUnderTest.healthy().labels();

        // the project env holds the stack's good secret: nothing new is found, the keys verify against it
        AuditedEnv good = dokploy(text, DokployEnv.Shared.of("JWT_SECRET=" + secret + "\n", ""), V0_30);
        assertEquals(baseline, labels(good));
        // read as a local file the reference text itself would be judged: short, '$', keys not signed with it
        assertTrue(labels(new AuditedEnv(DotEnv.parse(text), null, EnvUnderTest.NOW, ".env"))
                .contains("error secrets.jwt-secret-short JWT_SECRET"));

        // a short secret in the project env is reported, and --fix --rotate-jwt-secret leaves the reference alone
        AuditedEnv weak = dokploy(text, DokployEnv.Shared.of("JWT_SECRET=tooshort\n", ""), V0_30);
        Finding shortSecret = Rules.evaluate(weak).stream()
                .filter(f -> f.ruleId().equals("secrets.jwt-secret-short"))
                .findFirst()
                .orElseThrow();
        assertEquals(Remedy.manual, shortSecret.fix().remedy());
        assertTrue(
                shortSecret.fix().action().contains("the project's env in Dokploy"),
                shortSecret.fix().action());
        EnvFixer.Outcome outcome = new EnvFixer(new SecretGenerator(new SecureRandom()), EnvUnderTest.NOW)
                .apply(weak, Rules.evaluate(weak), new EnvFixer.Options(true, true));
        assertEquals("${{project.JWT_SECRET}}", weak.dotEnv().get("JWT_SECRET").orElseThrow());
        assertTrue(outcome.changes().stream().noneMatch(c -> c.variable().equals("JWT_SECRET")), outcome::toString);
    }

    @Test
    void fixerSkipsReferencesEvenForFindingsMadeWithoutTheView() {
        String text = EnvUnderTest.healthy()
                .set("JWT_SECRET", "${{project.JWT_SECRET}}")
                .text();
        AuditedEnv plain = new AuditedEnv(DotEnv.parse(text), null, EnvUnderTest.NOW, ".env");
        // a finding as a caller might hold it from elsewhere, its fix still automatic
        List<Finding> findings = List.of(
                JwtSecretRule.SHORT.finding("JWT_SECRET", "short", "23 characters", Fixes.rotateJwtSecret(plain)));
        EnvFixer.Outcome outcome = new EnvFixer(new SecretGenerator(new SecureRandom()), EnvUnderTest.NOW)
                .apply(plain, findings, new EnvFixer.Options(true, false));
        assertEquals("${{project.JWT_SECRET}}", plain.dotEnv().get("JWT_SECRET").orElseThrow());
        assertTrue(
                outcome.skipped().stream().anyMatch(s -> s.contains("JWT_SECRET is a ${{…}} reference")),
                outcome::toString);
    }

    @Test
    void anUnquotedHashCutsTheValue() {
        // 40 characters with '#' at position 20: Dokploy's dotenv keeps 20, which is short for HS256
        String secret = "abcdefghij0123456789#ABCDEFGHIJ012345678";
        assertEquals(40, secret.length());
        String text = EnvUnderTest.healthy().appendLine("JWT_SECRET=" + secret).text();
        AuditedEnv env = dokploy(text, NO_SHARED, V0_30);
        assertEquals("abcdefghij0123456789", env.text("JWT_SECRET"));
        Finding f = Rules.evaluate(env).stream()
                .filter(x -> x.ruleId().equals("secrets.jwt-secret-short"))
                .findFirst()
                .orElseThrow();
        assertTrue(f.message().contains("has 20 characters"), f.message());
        // the same line in a local file is read whole by Docker Compose (no space before '#'): not short
        AuditedEnv local = new AuditedEnv(DotEnv.parse(text), null, EnvUnderTest.NOW, ".env");
        assertFalse(labels(local).contains("error secrets.jwt-secret-short JWT_SECRET"));
    }

    @Test
    void aValueWithHashIsJudgedAsTheDotenvPrefix() {
        String text = EnvUnderTest.healthy().appendLine("SMTP_HOST=abc#def").text();
        assertEquals("abc", dokploy(text, NO_SHARED, V0_30).text("SMTP_HOST"));
    }

    @Test
    void dollarInThePostgresPasswordIsAnErrorBeforeV030Only() {
        String text = EnvUnderTest.healthy()
                .set("POSTGRES_PASSWORD", "rhLNnfGIBEw3PG7LQ$w5Mi4tBM2ySWaTSmv")
                .text();
        List<String> old = labels(dokploy(text, NO_SHARED, V0_29));
        assertTrue(old.contains("error database.postgres-password-unsafe POSTGRES_PASSWORD"), old::toString);
        Finding f = Rules.evaluate(dokploy(text, NO_SHARED, V0_29)).stream()
                .filter(x -> x.ruleId().equals("database.postgres-password-unsafe"))
                .findFirst()
                .orElseThrow();
        assertTrue(f.message().contains("Dokploy v0.29.4 writes the .env unquoted"), f.message());
        List<String> current = labels(dokploy(text, NO_SHARED, V0_30));
        assertFalse(current.stream().anyMatch(l -> l.contains("postgres-password-unsafe")), current::toString);
        // and the same for JWT_SECRET
        String secretText = EnvUnderTest.healthy()
                .set("JWT_SECRET", "9kVTQcoKB6MOLaGBluFE3XSVWoy7NN4n7iEmLdr$o62rSRMM")
                .text();
        assertTrue(
                labels(dokploy(secretText, NO_SHARED, V0_29)).contains("error secrets.jwt-secret-unsafe JWT_SECRET"));
        assertFalse(
                labels(dokploy(secretText, NO_SHARED, V0_30)).contains("error secrets.jwt-secret-unsafe JWT_SECRET"));
    }

    @Test
    void expansionThatBecameLiteralIsFlaggedFromV030() {
        String text = EnvUnderTest.healthy()
                .appendLine("DB_URL=postgres://postgres:${POSTGRES_PASSWORD}@db:5432/postgres")
                .text();
        assertTrue(labels(dokploy(text, NO_SHARED, V0_30)).contains("warning file.expansion-now-literal DB_URL"));
        assertFalse(labels(dokploy(text, NO_SHARED, V0_29)).stream()
                .anyMatch(l -> l.contains("file.expansion-now-literal")));
    }

    @Test
    void referencesTheNextDeployCannotResolveAreErrorsAndVaultIsNotJudged() {
        String text = EnvUnderTest.healthy()
                .set("SMTP_PASS", "${{vault.aws.smtp}}")
                .appendLine("EXTRA=${{project.NOPE}}")
                .text();
        List<String> found = labels(dokploy(text, NO_SHARED, V0_30));
        assertTrue(found.contains("error file.reference-unresolved EXTRA"), found::toString);
        assertTrue(found.contains("info file.reference-not-judged SMTP_PASS"), found::toString);
        assertFalse(
                found.stream().anyMatch(l -> l.startsWith("error smtp.") && l.contains("SMTP_PASS")), found::toString);
    }

    @Test
    void aLineDokployDropsIsAWarningNotARefusal() {
        String text =
                EnvUnderTest.healthy().appendLine("this is not an assignment").text();
        Finding f = Rules.evaluate(dokploy(text, NO_SHARED, V0_30)).stream()
                .filter(x -> x.ruleId().equals("file.invalid-line"))
                .findFirst()
                .orElseThrow();
        assertEquals(Severity.warning, f.severity());
        assertTrue(f.message().contains("Dokploy drops it"), f.message());
        // a local file keeps Docker Compose's verdict
        assertTrue(EnvUnderTest.healthy()
                .appendLine("this is not an assignment")
                .labels()
                .contains("error file.invalid-line"));
    }

    @Test
    void valuesWithHashAreWrittenQuotedSoDokployKeepsThemWhole() {
        String written =
                DotEnv.empty().set("SMTP_PASS", "pa#ss").set("PLAIN", "abc").write();
        assertEquals("pa#ss", DokployEnv.parse(written).get("SMTP_PASS"));
        assertEquals("pa#ss", DotEnv.parse(written).get("SMTP_PASS").orElseThrow());
        assertTrue(written.contains("PLAIN=abc\n"), written);
    }
}
