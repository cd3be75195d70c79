package dev.supadokploy.testing.dokploy;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.supadokploy.testing.EnvFixtures;
import dev.supadokploy.testing.Hs256;
import dev.supadokploy.testing.SupabaseDemo;
import dev.supadokploy.testing.dokploy.EnvFixtureGenerator.TemplateFixture;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The committed {@code .env} fixtures: that they are what the generator makes (the generator entry point: run
 * with {@code -Dsupadokploy.updateFixtures=true} to rewrite them), and the facts about each that other tests
 * rely on. Facts are read from the committed files, so they hold without {@code ../shared/}.
 */
class DokployTemplateFixturesTest {
    private static final boolean UPDATE = Boolean.getBoolean("supadokploy.updateFixtures");
    private static final Path FIXTURE_DIR = Path.of(System.getProperty("user.dir"), "src/test/resources/fixtures/env");
    private static final long NOW = EnvFixtureGenerator.NOW.getEpochSecond(); // 1793491200, 2026-11-01T00:00:00Z
    private static final long DOKPLOY_EXP = 1_893_456_000L; // 2030-01-01T00:00:00Z
    private static final String UUID_V4 = "[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}";

    static Stream<TemplateFixture> templateFixtures() {
        return EnvFixtureGenerator.TEMPLATE_FIXTURES.stream();
    }

    @ParameterizedTest
    @MethodSource("templateFixtures")
    void templateFixtureIsWhatDokployMakesOfTheTemplate(TemplateFixture fixture) throws IOException {
        String generated = fixture.render(readTemplate());
        if (UPDATE) {
            Files.writeString(FIXTURE_DIR.resolve(fixture.name()), generated, StandardCharsets.UTF_8);
            return;
        }
        assertEquals(
                generated,
                EnvFixtures.read(fixture.name()),
                fixture.name() + " is stale: regenerate with -Dsupadokploy.updateFixtures=true");
    }

    @Test
    void healthyFixtureIsTheCurrentOneFixedUp() throws IOException {
        String current = UPDATE && Files.exists(EnvFixtureGenerator.templatePath())
                ? EnvFixtureGenerator.TEMPLATE_FIXTURES.get(0).render(readTemplate()) // not yet on the classpath
                : EnvFixtures.read(EnvFixtures.DOKPLOY_CURRENT);
        String generated = EnvFixtureGenerator.healthy(current);
        if (UPDATE) {
            Files.writeString(FIXTURE_DIR.resolve(EnvFixtures.HEALTHY), generated, StandardCharsets.UTF_8);
            return;
        }
        assertEquals(
                generated,
                EnvFixtures.read(EnvFixtures.HEALTHY),
                "healthy.env is stale: regenerate with -Dsupadokploy.updateFixtures=true");
    }

    // --- dokploy-v0.25.5.env: the trailing-newline bug (Dokploy/dokploy#2867) ---

    @Test
    void v0255KeysAreIdenticalRolelessAndSignedWithTheDefaults() {
        Map<String, String> env = EnvFixtures.values(EnvFixtures.DOKPLOY_V0_25_5);
        String anon = env.get("ANON_KEY");
        Map<String, Object> claims = Hs256.claims(anon);

        assertAll(
                () -> assertEquals(anon, env.get("SERVICE_ROLE_KEY"), "ANON_KEY == SERVICE_ROLE_KEY"),
                () -> assertFalse(claims.containsKey("role")),
                () -> assertEquals(Map.of("iat", NOW, "exp", DOKPLOY_EXP, "iss", "dokploy"), longs(claims)),
                () -> assertEquals(List.of("iat", "exp", "iss"), List.copyOf(claims.keySet())),
                () -> assertTrue(Hs256.verify(anon, env.get("JWT_SECRET")), "signed with the file's JWT_SECRET"));
    }

    // --- dokploy-current.env ---

    @Test
    void currentKeysCarryTheTemplatePayloadAndVerify() {
        Map<String, String> env = EnvFixtures.values(EnvFixtures.DOKPLOY_CURRENT);
        Map<String, Object> anon = Hs256.claims(env.get("ANON_KEY"));
        Map<String, Object> service = Hs256.claims(env.get("SERVICE_ROLE_KEY"));

        assertAll(
                () -> assertEquals(
                        Map.of("iat", NOW, "exp", DOKPLOY_EXP, "role", "anon", "iss", "supabase"), longs(anon)),
                () -> assertEquals(
                        Map.of("iat", NOW, "exp", DOKPLOY_EXP, "role", "service_role", "iss", "supabase"),
                        longs(service)),
                // {iat, exp, ...payload}: iat and exp keep the first places
                () -> assertEquals(List.of("iat", "exp", "role", "iss"), List.copyOf(anon.keySet())),
                () -> assertTrue(Hs256.verify(env.get("ANON_KEY"), env.get("JWT_SECRET"))),
                () -> assertTrue(Hs256.verify(env.get("SERVICE_ROLE_KEY"), env.get("JWT_SECRET"))),
                () -> assertNotEquals(env.get("ANON_KEY"), env.get("SERVICE_ROLE_KEY")));
    }

    // --- dokploy-hardcoded-2025.env ---

    @Test
    void hardcodedKeysAreTheDemoKeysNotSignedWithTheFilesSecret() {
        Map<String, String> env = EnvFixtures.values(EnvFixtures.DOKPLOY_HARDCODED_2025);

        assertAll(
                () -> assertEquals(SupabaseDemo.ANON_KEY, env.get("ANON_KEY")),
                () -> assertEquals(SupabaseDemo.SERVICE_ROLE_KEY, env.get("SERVICE_ROLE_KEY")),
                () -> assertTrue(env.get("JWT_SECRET").matches("[a-z0-9]{32}"), "JWT_SECRET generated"),
                () -> assertFalse(Hs256.verify(env.get("ANON_KEY"), env.get("JWT_SECRET"))),
                () -> assertFalse(Hs256.verify(env.get("SERVICE_ROLE_KEY"), env.get("JWT_SECRET"))),
                () -> assertTrue(Hs256.verify(env.get("ANON_KEY"), SupabaseDemo.JWT_SECRET)),
                () -> assertTrue(Hs256.verify(env.get("SERVICE_ROLE_KEY"), SupabaseDemo.JWT_SECRET)),
                // 2027-01-09T23:00:00Z: 69 days after the fixtures' clock, inside a 90-day warning window
                () -> assertEquals(
                        SupabaseDemo.EXPIRES_AT,
                        ((Number) Hs256.claims(env.get("ANON_KEY")).get("exp")).longValue()));
    }

    // --- what all three template fixtures share ---

    /** Template variable → the env key it lands in, with its {@code ${password:N}} length. */
    private static final Map<String, Integer> PASSWORD_LENGTHS = Map.ofEntries(
            Map.entry("POSTGRES_PASSWORD", 32), Map.entry("DASHBOARD_PASSWORD", 32),
            Map.entry("LOGFLARE_PUBLIC_ACCESS_TOKEN", 32), Map.entry("LOGFLARE_PRIVATE_ACCESS_TOKEN", 32),
            Map.entry("PG_META_CRYPTO_KEY", 32), Map.entry("S3_PROTOCOL_ACCESS_KEY_ID", 24),
            Map.entry("S3_PROTOCOL_ACCESS_KEY_SECRET", 48), Map.entry("SECRET_KEY_BASE", 64),
            Map.entry("VAULT_ENC_KEY", 32), Map.entry("JWT_SECRET", 32));

    @ParameterizedTest
    @ValueSource(
            strings = {EnvFixtures.DOKPLOY_CURRENT, EnvFixtures.DOKPLOY_V0_25_5, EnvFixtures.DOKPLOY_HARDCODED_2025})
    void passwordHelperValuesAreNLowercaseAlphanumerics(String name) {
        Map<String, String> env = EnvFixtures.values(name);
        PASSWORD_LENGTHS.forEach((key, length) ->
                assertTrue(env.get(key).matches("[a-z0-9]{" + length + "}"), name + " " + key + "=" + env.get(key)));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {EnvFixtures.DOKPLOY_CURRENT, EnvFixtures.DOKPLOY_V0_25_5, EnvFixtures.DOKPLOY_HARDCODED_2025})
    void poolerTenantIdIsAUuid(String name) {
        assertTrue(EnvFixtures.values(name).get("POOLER_TENANT_ID").matches(UUID_V4));
    }

    /**
     * The template writes https URLs, but Dokploy creates the template's kong domain with https off and no
     * certificate: until the operator turns HTTPS on for the domain, Supabase says https while Dokploy serves
     * http. SITE_URL stays at Supabase's localhost default; SMTP stays at the placeholders.
     */
    @ParameterizedTest
    @ValueSource(
            strings = {EnvFixtures.DOKPLOY_CURRENT, EnvFixtures.DOKPLOY_V0_25_5, EnvFixtures.DOKPLOY_HARDCODED_2025})
    void urlsAreWrittenHttpsForTheDomain(String name) {
        Map<String, String> env = EnvFixtures.values(name);
        assertAll(
                () -> assertEquals("supabase.example.com", env.get("SUPABASE_HOST")),
                () -> assertEquals("https://supabase.example.com", env.get("SUPABASE_PUBLIC_URL")),
                () -> assertEquals("https://supabase.example.com", env.get("API_EXTERNAL_URL")),
                () -> assertEquals(
                        "https://supabase.example.com/*,http://localhost:3000/*", env.get("ADDITIONAL_REDIRECT_URLS")),
                () -> assertEquals("http://localhost:3000", env.get("SITE_URL")),
                () -> assertEquals("supabase-mail", env.get("SMTP_HOST")),
                () -> assertEquals("fake_mail_user", env.get("SMTP_USER")),
                () -> assertEquals("false", env.get("ENABLE_EMAIL_AUTOCONFIRM")));
    }

    @Test
    void theTemplatesDomainIsKongWithoutHttps() {
        Map<String, Object> template = DokployTemplate.parse(readTemplate());
        DokployTemplate.Processed processed = DokployTemplate.process(
                readTemplate(), EnvFixtureGenerator.TEMPLATE_FIXTURES.get(0).options());
        @SuppressWarnings("unchecked")
        Map<String, Object> declared =
                ((List<Map<String, Object>>) ((Map<String, Object>) template.get("config")).get("domains")).get(0);

        assertEquals(
                List.of(new DokployTemplate.Domain("kong", 8000, "supabase.example.com", null)), processed.domains());
        assertFalse(declared.containsKey("https"), "the template does not ask for https; Dokploy saves https:false");
    }

    /** Dokploy writes the env lines as they are, comments and blank lines included, joined with \n. */
    @ParameterizedTest
    @ValueSource(
            strings = {EnvFixtures.DOKPLOY_CURRENT, EnvFixtures.DOKPLOY_V0_25_5, EnvFixtures.DOKPLOY_HARDCODED_2025})
    void keepsTheTemplatesLayout(String name) {
        String text = EnvFixtures.read(name);
        List<String> lines = List.of(text.split("\n", -1));
        assertAll(
                () -> assertEquals("############", lines.get(0)),
                () -> assertEquals("GOOGLE_PROJECT_NUMBER=GOOGLE_PROJECT_NUMBER", lines.get(lines.size() - 1)),
                () -> assertFalse(text.endsWith("\n")),
                () -> assertFalse(text.contains("${"), "every placeholder resolved"),
                () -> assertTrue(lines.contains("MAILER_URLPATHS_CONFIRMATION=\"/auth/v1/verify\"")));
    }

    // --- healthy.env ---

    @Test
    void healthyKeysAreSupabaseShapedAndVerify() {
        Map<String, String> env = EnvFixtures.values(EnvFixtures.HEALTHY);
        String secret = env.get("JWT_SECRET");
        long exp = NOW + EnvFixtureGenerator.FIVE_YEARS_SECONDS; // 1951171200, 2031-10-31

        assertAll(
                () -> assertTrue(secret.matches("[A-Za-z0-9]{48}")),
                () -> assertEquals(
                        Map.of("role", "anon", "iss", "supabase", "iat", NOW, "exp", exp),
                        longs(Hs256.claims(env.get("ANON_KEY")))),
                () -> assertEquals(
                        Map.of("role", "service_role", "iss", "supabase", "iat", NOW, "exp", exp),
                        longs(Hs256.claims(env.get("SERVICE_ROLE_KEY")))),
                () -> assertTrue(Hs256.verify(env.get("ANON_KEY"), secret)),
                () -> assertTrue(Hs256.verify(env.get("SERVICE_ROLE_KEY"), secret)),
                () -> assertTrue(env.get("POSTGRES_PASSWORD").matches("[A-Za-z0-9]{40}")),
                () -> assertTrue(env.get("SECRET_KEY_BASE").length() >= 64),
                () -> assertEquals(32, env.get("VAULT_ENC_KEY").length()),
                () -> assertTrue(env.get("PG_META_CRYPTO_KEY").length() >= 32),
                () -> assertFalse(env.get("LOGFLARE_PUBLIC_ACCESS_TOKEN").isEmpty()),
                () -> assertFalse(env.get("LOGFLARE_PRIVATE_ACCESS_TOKEN").isEmpty()),
                () -> assertTrue(env.get("POOLER_TENANT_ID").matches(UUID_V4)),
                () -> assertEquals("https://supabase.example.com", env.get("API_EXTERNAL_URL")),
                () -> assertEquals("https://supabase.example.com", env.get("SUPABASE_PUBLIC_URL")),
                () -> assertEquals("https://app.example.com", env.get("SITE_URL")),
                () -> assertEquals("https://app.example.com/**", env.get("ADDITIONAL_REDIRECT_URLS")),
                () -> assertEquals("smtp.eu.mailgun.org", env.get("SMTP_HOST")));
    }

    // --- supabase-example.env ---

    @Test
    void supabaseExampleHoldsThePublishedDemoValues() {
        Map<String, String> env = EnvFixtures.values(EnvFixtures.SUPABASE_EXAMPLE);
        assertAll(
                () -> assertEquals(SupabaseDemo.JWT_SECRET, env.get("JWT_SECRET")),
                () -> assertEquals(SupabaseDemo.ANON_KEY, env.get("ANON_KEY")),
                () -> assertEquals(SupabaseDemo.SERVICE_ROLE_KEY, env.get("SERVICE_ROLE_KEY")),
                () -> assertTrue(Hs256.verify(env.get("ANON_KEY"), env.get("JWT_SECRET"))),
                () -> assertEquals("your-super-secret-and-long-postgres-password", env.get("POSTGRES_PASSWORD")),
                () -> assertEquals("this_password_is_insecure_and_should_be_updated", env.get("DASHBOARD_PASSWORD")),
                () -> assertEquals("your-tenant-id", env.get("POOLER_TENANT_ID")),
                () -> assertEquals("http://localhost:3000", env.get("SITE_URL")),
                () -> assertEquals("supabase-mail", env.get("SMTP_HOST")));
    }

    private static String readTemplate() {
        Path template = EnvFixtureGenerator.templatePath();
        Assumptions.assumeTrue(
                Files.exists(template),
                "shared/dokploy/supabase-template absent: " + template
                        + " not found, template fixtures not regenerated");
        try {
            return Files.readString(template);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Claims with every integer as a long, so maps compare whatever width Jackson chose. */
    private static Map<String, Object> longs(Map<String, Object> claims) {
        Map<String, Object> out = new java.util.LinkedHashMap<>();
        claims.forEach((k, v) -> out.put(k, v instanceof Integer i ? (Object) i.longValue() : v));
        return out;
    }
}
