package dev.supadokploy.ops.validate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.supadokploy.config.Config;
import dev.supadokploy.config.SecretResolver;
import dev.supadokploy.errors.ErrorCode;
import dev.supadokploy.errors.SupaException;
import dev.supadokploy.ops.Cancellation;
import dev.supadokploy.ops.Interaction;
import dev.supadokploy.ops.OperationContext;
import dev.supadokploy.ops.Policy;
import dev.supadokploy.ops.Progress;
import dev.supadokploy.supabase.rules.Finding;
import dev.supadokploy.testing.EnvFixtures;
import dev.supadokploy.testing.Hs256;
import dev.supadokploy.util.Json;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Exactly what {@code validate config} reports on each fixture (Dokploy's template processed three ways,
 * Supabase's example env, a healthy env), and what {@code --fix} makes of them, at a fixed clock.
 */
class ValidateConfigFixturesTest {
    /** The demo keys of the 2025 templates then expire in 46 days: the check must say so. */
    private static final Instant NOW = Instant.parse("2026-11-24T00:00:00Z");

    @TempDir
    Path dir;

    private static OperationContext context() {
        return new OperationContext(
                Config.empty(),
                Map.of(),
                new SecretResolver(Map.of(), InputStream::nullInputStream, w -> {}),
                new Policy(true, false, false),
                Interaction.NONE,
                Progress.NONE,
                new Cancellation(),
                Clock.fixed(NOW, ZoneOffset.UTC),
                w -> {});
    }

    private ValidateConfigOperation.Result run(
            String fixture, String publicUrl, boolean fix, boolean rotateJwt, boolean rotatePg) {
        Path file = EnvFixtures.copyTo(dir, fixture);
        return new ValidateConfigOperation()
                .run(
                        new ValidateConfigOperation.Input(
                                file.toString(),
                                publicUrl,
                                fix ? true : null,
                                rotateJwt ? true : null,
                                rotatePg ? true : null),
                        context());
    }

    private ValidateConfigOperation.Result check(String fixture) {
        return run(fixture, null, false, false, false);
    }

    private static List<String> labels(List<Finding> findings) {
        return findings.stream().map(f -> f.severity() + " " + f.label()).toList();
    }

    @Test
    void healthyHasNoFindings() {
        ValidateConfigOperation.Result r = check(EnvFixtures.HEALTHY);
        assertEquals(List.of(), labels(r.findings()));
        assertTrue(r.passed());
        assertNull(r.fix());
    }

    @Test
    void currentDokployTemplate() {
        ValidateConfigOperation.Result r = check(EnvFixtures.DOKPLOY_CURRENT);
        assertEquals(
                List.of(
                        "error smtp.placeholder SMTP_HOST,SMTP_USER,SMTP_PASS",
                        "warning urls.site-url-default SITE_URL"),
                labels(r.findings()));
        assertFalse(r.passed());
        assertEquals(new ValidateConfigOperation.Counts(1, 1, 0), r.counts());
    }

    @Test
    void currentDokployTemplateServedOverHttp() {
        // Dokploy creates the kong domain with HTTPS off, while the template writes https:// URLs.
        ValidateConfigOperation.Result r =
                run(EnvFixtures.DOKPLOY_CURRENT, "http://supabase.example.com", false, false, false);
        assertEquals(
                List.of(
                        "error urls.scheme-mismatch API_EXTERNAL_URL",
                        "error urls.scheme-mismatch SUPABASE_PUBLIC_URL",
                        "error smtp.placeholder SMTP_HOST,SMTP_USER,SMTP_PASS",
                        "warning urls.site-url-default SITE_URL"),
                labels(r.findings()));
        assertEquals("http://supabase.example.com", r.publicUrl());
    }

    @Test
    void dokployV0255RoleLessIdenticalKeys() {
        ValidateConfigOperation.Result r = check(EnvFixtures.DOKPLOY_V0_25_5);
        assertEquals(
                List.of(
                        "error keys.anon-equals-service ANON_KEY,SERVICE_ROLE_KEY",
                        "error keys.missing-role ANON_KEY",
                        "error keys.missing-role SERVICE_ROLE_KEY",
                        "error smtp.placeholder SMTP_HOST,SMTP_USER,SMTP_PASS",
                        "warning urls.site-url-default SITE_URL"),
                labels(r.findings()));
        assertTrue(r.findings().get(1).message().contains("Dokploy/dokploy#2867"));
    }

    @Test
    void dokployHardcoded2025Keys() {
        ValidateConfigOperation.Result r = check(EnvFixtures.DOKPLOY_HARDCODED_2025);
        assertEquals(
                List.of(
                        "error keys.signature-mismatch ANON_KEY",
                        "error keys.signature-mismatch SERVICE_ROLE_KEY",
                        "error secrets.published-example ANON_KEY",
                        "error secrets.published-example SERVICE_ROLE_KEY",
                        "error smtp.placeholder SMTP_HOST,SMTP_USER,SMTP_PASS",
                        "warning keys.expiring-soon ANON_KEY",
                        "warning keys.expiring-soon SERVICE_ROLE_KEY",
                        "warning urls.site-url-default SITE_URL"),
                labels(r.findings()));
    }

    @Test
    void supabaseExampleEnv() {
        ValidateConfigOperation.Result r = check(EnvFixtures.SUPABASE_EXAMPLE);
        assertEquals(
                List.of(
                        "error secrets.published-example ANON_KEY",
                        "error secrets.published-example DASHBOARD_PASSWORD",
                        "error secrets.published-example JWT_SECRET",
                        "error secrets.published-example LOGFLARE_PRIVATE_ACCESS_TOKEN",
                        "error secrets.published-example LOGFLARE_PUBLIC_ACCESS_TOKEN",
                        "error secrets.published-example PG_META_CRYPTO_KEY",
                        "error secrets.published-example POSTGRES_PASSWORD",
                        "error secrets.published-example S3_PROTOCOL_ACCESS_KEY_ID",
                        "error secrets.published-example S3_PROTOCOL_ACCESS_KEY_SECRET",
                        "error secrets.published-example SECRET_KEY_BASE",
                        "error secrets.published-example SERVICE_ROLE_KEY",
                        "error secrets.published-example VAULT_ENC_KEY",
                        "error smtp.placeholder SMTP_HOST,SMTP_USER,SMTP_PASS",
                        "warning keys.expiring-soon ANON_KEY",
                        "warning keys.expiring-soon SERVICE_ROLE_KEY",
                        "warning urls.public-url-localhost API_EXTERNAL_URL",
                        "warning urls.public-url-localhost SUPABASE_PUBLIC_URL",
                        "warning urls.site-url-default SITE_URL",
                        "warning pooler.tenant-id-placeholder POOLER_TENANT_ID"),
                labels(r.findings()));
        assertEquals(new ValidateConfigOperation.Counts(13, 6, 0), r.counts());
    }

    @Test
    void fixRepairsTheV0255KeysAndNothingElse() throws Exception {
        String original = EnvFixtures.read(EnvFixtures.DOKPLOY_V0_25_5);
        Map<String, String> before = EnvFixtures.parse(original);
        ValidateConfigOperation.Result r = run(EnvFixtures.DOKPLOY_V0_25_5, null, true, false, false);
        Path file = dir.resolve(EnvFixtures.DOKPLOY_V0_25_5);

        ValidateConfigOperation.FixReport fix = r.fix();
        assertTrue(fix.written());
        assertEquals(file.toRealPath().toString(), fix.file());
        assertEquals(
                List.of("ANON_KEY", "SERVICE_ROLE_KEY"),
                fix.changes().stream().map(c -> c.variable()).toList());
        assertEquals(
                List.of(
                        "error keys.anon-equals-service ANON_KEY,SERVICE_ROLE_KEY",
                        "error keys.missing-role ANON_KEY",
                        "error keys.missing-role SERVICE_ROLE_KEY"),
                labels(fix.resolved()));
        assertEquals(new ValidateConfigOperation.Counts(4, 1, 0), fix.before());

        // Re-validated: no key finding remains; what remains needs the operator.
        assertEquals(
                List.of(
                        "error smtp.placeholder SMTP_HOST,SMTP_USER,SMTP_PASS",
                        "warning urls.site-url-default SITE_URL"),
                labels(r.findings()));

        String fixedText = Files.readString(file);
        Map<String, String> after = EnvFixtures.parse(fixedText);
        assertEquals(before.get("JWT_SECRET"), after.get("JWT_SECRET"));
        assertEquals(before.get("POSTGRES_PASSWORD"), after.get("POSTGRES_PASSWORD"));
        assertTrue(Hs256.verify(after.get("ANON_KEY"), before.get("JWT_SECRET")));
        assertTrue(Hs256.verify(after.get("SERVICE_ROLE_KEY"), before.get("JWT_SECRET")));
        assertEquals("anon", Hs256.claims(after.get("ANON_KEY")).get("role"));
        assertEquals("service_role", Hs256.claims(after.get("SERVICE_ROLE_KEY")).get("role"));

        // Comments, blank lines and order kept: only the two key lines differ.
        String[] a = original.split("\n", -1);
        String[] b = fixedText.split("\n", -1);
        assertEquals(a.length, b.length);
        for (int i = 0; i < a.length; i++) {
            boolean key = a[i].startsWith("ANON_KEY=") || a[i].startsWith("SERVICE_ROLE_KEY=");
            if (key) {
                assertNotEquals(a[i], b[i]);
            } else {
                assertEquals(a[i], b[i], "line " + (i + 1));
            }
        }

        Path backup = Path.of(fix.backup());
        assertEquals(file.resolveSibling(EnvFixtures.DOKPLOY_V0_25_5 + ".bak").toRealPath(), backup);
        assertEquals(original, Files.readString(backup));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(backup)));

        String json = Json.write(r);
        for (String secret : List.of(
                before.get("JWT_SECRET"),
                before.get("POSTGRES_PASSWORD"),
                before.get("ANON_KEY"),
                after.get("ANON_KEY"),
                after.get("SERVICE_ROLE_KEY"))) {
            assertFalse(json.contains(secret), "the result never carries a secret");
        }
    }

    @Test
    void fixResignsTheHardcoded2025Keys() {
        ValidateConfigOperation.Result r = run(EnvFixtures.DOKPLOY_HARDCODED_2025, null, true, false, false);
        assertEquals(
                List.of(
                        "error smtp.placeholder SMTP_HOST,SMTP_USER,SMTP_PASS",
                        "warning urls.site-url-default SITE_URL"),
                labels(r.findings()));
    }

    @Test
    void fixOnTheExampleEnvLeavesTheSecretsTheDatabaseKeepsUntilAsked() throws Exception {
        ValidateConfigOperation.Result unasked = run(EnvFixtures.SUPABASE_EXAMPLE, null, true, false, false);
        assertEquals(
                List.of(
                        "error secrets.published-example ANON_KEY",
                        "error secrets.published-example JWT_SECRET",
                        "error secrets.published-example POSTGRES_PASSWORD",
                        "error secrets.published-example SERVICE_ROLE_KEY",
                        "error smtp.placeholder SMTP_HOST,SMTP_USER,SMTP_PASS",
                        "warning keys.expiring-soon ANON_KEY",
                        "warning keys.expiring-soon SERVICE_ROLE_KEY",
                        "warning urls.public-url-localhost API_EXTERNAL_URL",
                        "warning urls.public-url-localhost SUPABASE_PUBLIC_URL",
                        "warning urls.site-url-default SITE_URL"),
                labels(unasked.findings()));
        assertTrue(unasked.fix().skipped().stream().anyMatch(s -> s.contains("--rotate-jwt-secret")));
        assertTrue(unasked.fix().skipped().stream().anyMatch(s -> s.contains("--rotate-postgres-password")));

        // Second run on the already fixed file, now with both opt-ins (a second backup goes to .bak.1).
        ValidateConfigOperation.Result asked = new ValidateConfigOperation()
                .run(
                        new ValidateConfigOperation.Input(
                                dir.resolve(EnvFixtures.SUPABASE_EXAMPLE).toString(),
                                "https://supabase.example.com",
                                true,
                                true,
                                true),
                        context());
        assertEquals(
                List.of(
                        "error smtp.placeholder SMTP_HOST,SMTP_USER,SMTP_PASS",
                        "warning urls.site-url-default SITE_URL"),
                labels(asked.findings()));
        assertTrue(asked.fix().backup().endsWith(".bak.1"));
        assertTrue(asked.fix().followUps().stream().anyMatch(f -> f.contains("app.settings.jwt_secret")));
        assertTrue(asked.fix().followUps().stream().anyMatch(f -> f.contains("ALTER USER")));
    }

    @Test
    void fixWithNothingToFixWritesNothing() throws Exception {
        ValidateConfigOperation.Result r = run(EnvFixtures.HEALTHY, null, true, false, false);
        assertFalse(r.fix().written());
        assertNull(r.fix().backup());
        assertFalse(Files.exists(dir.resolve(EnvFixtures.HEALTHY + ".bak")));
        assertEquals(EnvFixtures.read(EnvFixtures.HEALTHY), Files.readString(dir.resolve(EnvFixtures.HEALTHY)));
    }

    @Test
    void unusableInputsAreValidationErrors() throws Exception {
        ValidateConfigOperation op = new ValidateConfigOperation();
        SupaException missing = assertThrows(
                SupaException.class,
                () -> op.run(
                        new ValidateConfigOperation.Input(
                                dir.resolve("nope.env").toString(), null, null, null, null),
                        context()));
        assertEquals(ErrorCode.VALIDATION_INVALID_INPUT, missing.code());
        assertTrue(missing.getMessage().startsWith("Env file not found"), missing.getMessage());

        assertEquals(
                ErrorCode.VALIDATION_MISSING_INPUT,
                assertThrows(
                                SupaException.class,
                                () -> op.run(
                                        new ValidateConfigOperation.Input(null, null, null, null, null), context()))
                        .code());

        assertTrue(assertThrows(
                        SupaException.class,
                        () -> op.run(
                                new ValidateConfigOperation.Input(dir.toString(), null, null, null, null), context()))
                .getMessage()
                .contains("directory"));

        Path other = Files.writeString(dir.resolve("app.env"), "NODE_ENV=production\nPORT=3000\n");
        assertTrue(assertThrows(
                        SupaException.class,
                        () -> op.run(
                                new ValidateConfigOperation.Input(other.toString(), null, null, null, null), context()))
                .getMessage()
                .contains("does not look like a Supabase .env"));

        Path env = EnvFixtures.copyTo(dir, EnvFixtures.HEALTHY);
        assertEquals(
                ErrorCode.VALIDATION_INVALID_INPUT,
                assertThrows(
                                SupaException.class,
                                () -> op.run(
                                        new ValidateConfigOperation.Input(env.toString(), null, null, true, null),
                                        context()))
                        .code(),
                "rotate needs fix");
        assertEquals(
                ErrorCode.VALIDATION_INVALID_INPUT,
                assertThrows(
                                SupaException.class,
                                () -> op.run(
                                        new ValidateConfigOperation.Input(env.toString(), "https://", null, null, null),
                                        context()))
                        .code());
    }

    @Test
    void fixRewritesTheFileBehindASymlink() throws Exception {
        Path real = EnvFixtures.copyTo(dir.resolve("real"), EnvFixtures.DOKPLOY_V0_25_5);
        Path link = Files.createSymbolicLink(dir.resolve("link.env"), real);
        ValidateConfigOperation.Result r = new ValidateConfigOperation()
                .run(new ValidateConfigOperation.Input(link.toString(), null, true, null, null), context());
        assertTrue(Files.isSymbolicLink(link), "the link is kept");
        assertEquals(real.toRealPath().toString(), r.fix().file());
        assertNotEquals(EnvFixtures.read(EnvFixtures.DOKPLOY_V0_25_5), Files.readString(real));
    }
}
