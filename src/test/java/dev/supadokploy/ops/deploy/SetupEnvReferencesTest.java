package dev.supadokploy.ops.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.supadokploy.dokploy.Compose;
import dev.supadokploy.dokploy.DokployEnv;
import dev.supadokploy.supabase.keys.SecretGenerator;
import dev.supadokploy.testing.EnvFixtures;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** deploy setup's env step on a compose whose env takes values from Dokploy's shared envs by ${{…}} references. */
class SetupEnvReferencesTest {
    private static final Instant NOW = Instant.parse("2026-11-24T00:00:00Z");

    private static Compose compose(String env) throws Exception {
        // read as the client reads compose.one, so the test does not depend on the record's constructor
        return new ObjectMapper()
                .readValue(
                        new ObjectMapper()
                                .createObjectNode()
                                .put("composeId", "c1")
                                .put("name", "supabase")
                                .put("appName", "acme-supabase-abc123")
                                .put("env", env)
                                .toString(),
                        Compose.class);
    }

    @Test
    void freshSecretsKeepAReferencedJwtSecretAndTheKeysSignedWithIt() throws Exception {
        String template = EnvFixtures.read(EnvFixtures.HEALTHY)
                .replaceFirst("(?m)^JWT_SECRET=.*$", "JWT_SECRET=\\${{project.JWT_SECRET}}")
                .replaceFirst("(?m)^SMTP_PASS=.*$", "SMTP_PASS=\\${{vault.aws.smtp}}");
        Map<String, String> before = DokployEnv.parse(template);
        SetupEnv.Prepared prepared = SetupEnv.prepare(
                compose(template),
                true,
                "https://supabase.acme.test",
                new SetupEnv.Smtp("smtp.acme.test", 587, "mailer", "pw", "admin@acme.test", "Acme", false),
                new SecretGenerator(),
                NOW);

        Map<String, String> after = DokployEnv.parse(prepared.env().text());
        assertEquals("${{project.JWT_SECRET}}", after.get("JWT_SECRET"));
        assertEquals("${{vault.aws.smtp}}", after.get("SMTP_PASS"), "an SMTP option never overwrites a reference");
        assertEquals(before.get("ANON_KEY"), after.get("ANON_KEY"), "keys signed with another secret would not verify");
        assertNotEquals(before.get("POSTGRES_PASSWORD"), after.get("POSTGRES_PASSWORD"), "other secrets are fresh");
        assertEquals("smtp.acme.test", after.get("SMTP_HOST"));
        assertTrue(
                prepared.warnings().stream().anyMatch(w -> w.startsWith("SMTP_PASS is a ${{…}} reference")),
                prepared.warnings()::toString);
    }
}
