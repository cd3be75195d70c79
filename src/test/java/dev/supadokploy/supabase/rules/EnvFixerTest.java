package dev.supadokploy.supabase.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.supadokploy.supabase.keys.SecretGenerator;
import dev.supadokploy.testing.EnvFixtures;
import dev.supadokploy.testing.Hs256;
import dev.supadokploy.util.DotEnv;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What --fix changes, and above all what it leaves alone. */
class EnvFixerTest {
    private static final EnvFixer.Options NO_ROTATION = new EnvFixer.Options(false, false);

    private record Fixed(EnvFixer.Outcome outcome, DotEnv env) {}

    private static Fixed fix(EnvUnderTest env, EnvFixer.Options options) {
        AuditedEnv audited = env.audited();
        EnvFixer.Outcome outcome =
                new EnvFixer(new SecretGenerator(), EnvUnderTest.NOW).apply(audited, Rules.evaluate(audited), options);
        return new Fixed(outcome, audited.dotEnv());
    }

    private static List<String> changed(EnvFixer.Outcome outcome) {
        return outcome.changes().stream().map(EnvFixer.Change::variable).toList();
    }

    @Test
    void dokployRoleLessKeysAreResignedWithTheExistingSecretAndSupabasesClaims() {
        EnvUnderTest before = EnvUnderTest.of(EnvFixtures.DOKPLOY_V0_25_5);
        Fixed fixed = fix(before, NO_ROTATION);
        assertEquals(List.of("ANON_KEY", "SERVICE_ROLE_KEY"), changed(fixed.outcome()));
        String secret = before.get("JWT_SECRET");
        assertEquals(secret, fixed.env().get("JWT_SECRET").orElseThrow());
        long iat = EnvUnderTest.NOW.getEpochSecond();
        long exp = Instant.parse("2031-11-24T00:00:00Z").getEpochSecond();
        for (String key : List.of("ANON_KEY", "SERVICE_ROLE_KEY")) {
            String jwt = fixed.env().get(key).orElseThrow();
            assertTrue(Hs256.verify(jwt, secret), key + " verifies with the file's JWT_SECRET (independent HS256)");
            String role = key.equals("ANON_KEY") ? "anon" : "service_role";
            assertEquals(
                    "{\"role\":\"" + role + "\",\"iss\":\"supabase\",\"iat\":" + iat + ",\"exp\":" + exp + "}",
                    Hs256.payloadJson(jwt));
        }
        for (EnvFixer.Change change : fixed.outcome().changes()) {
            assertFalse(
                    change.action().contains(fixed.env().get(change.variable()).orElseThrow()),
                    "no value in " + change);
        }
        assertTrue(
                fixed.outcome().followUps().stream().anyMatch(f -> f.contains("applications")),
                fixed.outcome().followUps().toString());
    }

    @Test
    void onlyTheChangedLinesDiffer() {
        String original = EnvFixtures.read(EnvFixtures.DOKPLOY_V0_25_5);
        Fixed fixed = fix(EnvUnderTest.of(EnvFixtures.DOKPLOY_V0_25_5), NO_ROTATION);
        String[] before = original.split("\n", -1);
        String[] after = fixed.env().write().split("\n", -1);
        assertEquals(before.length, after.length, "no line added or removed");
        for (int i = 0; i < before.length; i++) {
            if (before[i].startsWith("ANON_KEY=") || before[i].startsWith("SERVICE_ROLE_KEY=")) {
                assertNotEquals(before[i], after[i]);
            } else {
                assertEquals(before[i], after[i], "line " + (i + 1));
            }
        }
    }

    @Test
    void generatedSecretsAreFilledInTheFormTheirServiceNeeds() {
        EnvUnderTest env = EnvUnderTest.healthy()
                .set("VAULT_ENC_KEY", "tooshort")
                .set("SECRET_KEY_BASE", "")
                .remove("PG_META_CRYPTO_KEY")
                .set("LOGFLARE_PUBLIC_ACCESS_TOKEN", "")
                .set("POOLER_TENANT_ID", "your-tenant-id");
        Fixed fixed = fix(env, NO_ROTATION);
        // In the order of the findings: errors by category (secrets, pooler, studio, analytics), then the placeholder
        // warning.
        assertEquals(
                List.of(
                        "SECRET_KEY_BASE",
                        "VAULT_ENC_KEY",
                        "PG_META_CRYPTO_KEY",
                        "LOGFLARE_PUBLIC_ACCESS_TOKEN",
                        "POOLER_TENANT_ID"),
                changed(fixed.outcome()));
        Map<String, String> v = fixed.env().toMap();
        assertTrue(v.get("VAULT_ENC_KEY").matches("[A-Za-z0-9]{32}"));
        assertTrue(v.get("SECRET_KEY_BASE").matches("[A-Za-z0-9]{64}"));
        assertTrue(v.get("PG_META_CRYPTO_KEY").matches("[A-Za-z0-9]{32}"));
        assertTrue(v.get("LOGFLARE_PUBLIC_ACCESS_TOKEN").matches("[A-Za-z0-9]{32}"));
        assertTrue(v.get("POOLER_TENANT_ID")
                .matches("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}"));
        assertTrue(
                fixed.env().write().stripTrailing().endsWith("\nPG_META_CRYPTO_KEY=" + v.get("PG_META_CRYPTO_KEY")),
                "a missing key is appended");
        assertTrue(
                fixed.outcome().followUps().stream().anyMatch(f -> f.contains("postgres.<the new POOLER_TENANT_ID>")));
        assertEquals(List.of(), Rules.evaluate(new AuditedEnv(fixed.env(), null, EnvUnderTest.NOW, ".env")));
    }

    @Test
    void jwtSecretIsNeverChangedUnasked() {
        String shortSecret = "only-twenty-chars!!!";
        EnvUnderTest env = EnvUnderTest.healthy()
                .set("JWT_SECRET", shortSecret)
                .set(
                        "ANON_KEY",
                        EnvUnderTest.sign(shortSecret, "role", "anon", "iss", "supabase", "exp", 1_951_171_200L))
                .set(
                        "SERVICE_ROLE_KEY",
                        EnvUnderTest.sign(shortSecret, "role", "anon", "iss", "supabase", "exp", 1_951_171_200L));
        Fixed fixed = fix(env, NO_ROTATION);
        assertEquals(
                List.of(), changed(fixed.outcome()), "the keys cannot be re-signed with a 20-character secret either");
        assertEquals(shortSecret, fixed.env().get("JWT_SECRET").orElseThrow());
        assertTrue(
                fixed.outcome().skipped().stream()
                        .anyMatch(s -> s.startsWith("secrets.jwt-secret-short JWT_SECRET: needs --rotate-jwt-secret")),
                fixed.outcome().skipped().toString());
    }

    @Test
    void rotatingTheJwtSecretResignsBothKeysAndSaysWhatElseMustChange() {
        EnvUnderTest env = EnvUnderTest.healthy()
                .set("JWT_SECRET", "your-super-secret-jwt-token-with-at-least-32-characters-long");
        Fixed fixed = fix(env, new EnvFixer.Options(true, false));
        assertEquals(List.of("JWT_SECRET", "ANON_KEY", "SERVICE_ROLE_KEY"), changed(fixed.outcome()));
        String secret = fixed.env().get("JWT_SECRET").orElseThrow();
        assertTrue(secret.matches("[A-Za-z0-9]{48}"), "StackSecrets.JWT_SECRET: 48 letters and digits");
        assertTrue(Hs256.verify(fixed.env().get("ANON_KEY").orElseThrow(), secret));
        assertTrue(Hs256.verify(fixed.env().get("SERVICE_ROLE_KEY").orElseThrow(), secret));
        assertTrue(
                fixed.outcome().followUps().stream().anyMatch(f -> f.contains("app.settings.jwt_secret")),
                fixed.outcome().followUps().toString());
        assertEquals(List.of(), Rules.evaluate(new AuditedEnv(fixed.env(), null, EnvUnderTest.NOW, ".env")));
    }

    @Test
    void postgresPasswordOnlyWithItsOptIn() {
        EnvUnderTest env = EnvUnderTest.healthy().set("POSTGRES_PASSWORD", "p@ss:w/rd#1");
        Fixed unasked = fix(env, NO_ROTATION);
        assertEquals(List.of(), changed(unasked.outcome()));
        assertEquals("p@ss:w/rd#1", unasked.env().get("POSTGRES_PASSWORD").orElseThrow());

        Fixed asked =
                fix(EnvUnderTest.healthy().set("POSTGRES_PASSWORD", "p@ss:w/rd#1"), new EnvFixer.Options(false, true));
        assertEquals(List.of("POSTGRES_PASSWORD"), changed(asked.outcome()));
        assertTrue(asked.env().get("POSTGRES_PASSWORD").orElseThrow().matches("[A-Za-z0-9]{32}"));
        assertTrue(asked.outcome().followUps().stream()
                .anyMatch(f -> f.contains("ALTER USER") && f.contains("supabase_auth_admin")));
    }

    @Test
    void rotationFlagsWithNothingToRotateChangeNothing() {
        Fixed fixed = fix(EnvUnderTest.healthy(), new EnvFixer.Options(true, true));
        assertEquals(List.of(), changed(fixed.outcome()));
        assertEquals(
                2, fixed.outcome().skipped().size(), fixed.outcome().skipped().toString());
        assertEquals(EnvFixtures.read(EnvFixtures.HEALTHY), fixed.env().write());
    }

    @Test
    void urlsAreFixedOnlyWhereTheAnswerIsKnown() {
        EnvUnderTest env = EnvUnderTest.healthy()
                .set("SITE_URL", "http://localhost:3000/")
                .set("API_EXTERNAL_URL", "https://supabase.example.com/")
                .publicUrl("http://supabase.example.com");
        Fixed fixed = fix(env, NO_ROTATION);
        assertEquals(
                "http://supabase.example.com",
                fixed.env().get("API_EXTERNAL_URL").orElseThrow());
        assertEquals(
                "http://supabase.example.com",
                fixed.env().get("SUPABASE_PUBLIC_URL").orElseThrow());
        assertEquals(
                "http://localhost:3000",
                fixed.env().get("SITE_URL").orElseThrow(),
                "slash stripped; the site itself is the operator's call");
        List<String> remaining = Rules.evaluate(
                        new AuditedEnv(fixed.env(), env.audited().publicUrl().orElseThrow(), EnvUnderTest.NOW, ".env"))
                .stream()
                .map(EnvUnderTest::label)
                .toList();
        assertEquals(List.of("warning urls.site-url-default SITE_URL"), remaining);
    }
}
