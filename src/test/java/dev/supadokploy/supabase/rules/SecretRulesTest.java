package dev.supadokploy.supabase.rules;

import static dev.supadokploy.supabase.rules.EnvUnderTest.sign;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Rules 6 and 8–13 of the issue: JWT_SECRET, POSTGRES_PASSWORD, the pooler, Studio, published examples, analytics. */
class SecretRulesTest {

    /** The healthy env with a new JWT_SECRET and both keys re-signed with it, so only the secret's own rules speak. */
    private static EnvUnderTest withJwtSecret(String secret) {
        return EnvUnderTest.healthy()
                .set("JWT_SECRET", secret)
                .set(
                        "ANON_KEY",
                        sign(secret, "role", "anon", "iss", "supabase", "iat", 1_793_491_200L, "exp", 1_951_171_200L))
                .set(
                        "SERVICE_ROLE_KEY",
                        sign(
                                secret,
                                "role",
                                "service_role",
                                "iss",
                                "supabase",
                                "iat",
                                1_793_491_200L,
                                "exp",
                                1_951_171_200L));
    }

    @Test
    void jwtSecretShorterThan32() {
        EnvUnderTest env = withJwtSecret("k3y5are7ooShort4HS256abcdefghi1"); // 31 characters
        assertEquals(List.of("error secrets.jwt-secret-short JWT_SECRET"), env.labels());
        Finding f = env.only("secrets.jwt-secret-short");
        assertEquals(Remedy.rotate_jwt_secret, f.fix().remedy());
        assertFalse(f.evidence().contains("k3y5are7ooShort"), f.evidence());
        assertTrue(f.evidence().startsWith("starts 'k3y5', 31 characters"), f.evidence());
        assertEquals(
                List.of(), withJwtSecret("k3y5are7ooShort4HS256abcdefghi12").labels(), "32 characters are enough");
    }

    @Test
    void jwtSecretStartingWithAtOrHoldingDollar() {
        assertEquals(
                List.of("error secrets.jwt-secret-unsafe JWT_SECRET"),
                withJwtSecret("@9kVTQcoKB6MOLaGBluFE3XSVWoy7NN4n7iEm").labels());
        EnvUnderTest dollar = withJwtSecret("9kVTQcoKB6MOL$aGBluFE3XSVWoy7NN4n7iEm");
        assertEquals(List.of("error secrets.jwt-secret-unsafe JWT_SECRET"), dollar.labels());
        assertTrue(dollar.only("secrets.jwt-secret-unsafe").message().contains("Docker Compose"));
        assertEquals(
                List.of(),
                withJwtSecret("9kVTQcoKB6MOL-aGBluF@E3XSVWoy7NN4n7iEm").labels(),
                "'@' inside the secret is harmless");
    }

    @Test
    void jwtSecretMissing() {
        EnvUnderTest env = EnvUnderTest.healthy().remove("JWT_SECRET");
        assertEquals(List.of("error secrets.jwt-secret-missing JWT_SECRET"), env.labels());
        assertEquals(
                Remedy.rotate_jwt_secret,
                env.only("secrets.jwt-secret-missing").fix().remedy());
    }

    @Test
    void postgresPasswordWithUrlBreakingCharacters() {
        for (String bad : List.of(
                "p@ssw0rd-long-enough-1234",
                "pass:word",
                "pa/ss",
                "pa?ss",
                "pa#ss",
                "pa[ss]",
                "100%pure",
                "with space",
                "do$llar")) {
            EnvUnderTest env = EnvUnderTest.healthy().set("POSTGRES_PASSWORD", bad);
            assertEquals(List.of("error database.postgres-password-unsafe POSTGRES_PASSWORD"), env.labels(), bad);
            Finding f = env.only("database.postgres-password-unsafe");
            assertFalse(f.evidence().contains(bad), "no password in the evidence: " + f.evidence());
            assertEquals(Remedy.rotate_postgres_password, f.fix().remedy());
            assertTrue(f.fix().command().endsWith("--rotate-postgres-password"));
        }
        assertEquals(
                List.of(),
                EnvUnderTest.healthy()
                        .set("POSTGRES_PASSWORD", "Only-Letters_digits.and~safe+punct!")
                        .labels());
    }

    @Test
    void postgresPasswordMissing() {
        assertEquals(
                List.of("error database.postgres-password-missing POSTGRES_PASSWORD"),
                EnvUnderTest.healthy().set("POSTGRES_PASSWORD", "").labels());
    }

    @Test
    void poolerTenantIdEmptyOrPlaceholder() {
        assertEquals(
                List.of("error pooler.tenant-id-missing POOLER_TENANT_ID"),
                EnvUnderTest.healthy().set("POOLER_TENANT_ID", "").labels());
        assertEquals(
                List.of("warning pooler.tenant-id-placeholder POOLER_TENANT_ID"),
                EnvUnderTest.healthy().set("POOLER_TENANT_ID", "your-tenant-id").labels());
        assertEquals(
                List.of(),
                EnvUnderTest.healthy()
                        .set("POOLER_TENANT_ID", "acme-production")
                        .labels());
    }

    @Test
    void vaultEncKeyMustBeExactly32Bytes() {
        assertEquals(
                List.of("error pooler.vault-enc-key-length VAULT_ENC_KEY"),
                EnvUnderTest.healthy()
                        .set("VAULT_ENC_KEY", "ff8cb58ebb09b228988c0f9f35c88e7")
                        .labels(),
                "31 bytes");
        Finding longer = EnvUnderTest.healthy()
                .set("VAULT_ENC_KEY", "ff8cb58ebb09b228988c0f9f35c88e71ff8cb58e")
                .only("pooler.vault-enc-key-length");
        assertTrue(longer.message().contains("exactly 32 bytes"), longer.message());
        assertEquals(
                List.of("error pooler.vault-enc-key-length VAULT_ENC_KEY"),
                EnvUnderTest.healthy().remove("VAULT_ENC_KEY").labels());
    }

    @Test
    void secretKeyBaseShorterThan64() {
        String base = EnvUnderTest.healthy().get("SECRET_KEY_BASE");
        assertEquals(
                List.of("error secrets.secret-key-base-short SECRET_KEY_BASE"),
                EnvUnderTest.healthy()
                        .set("SECRET_KEY_BASE", base.substring(0, 63))
                        .labels());
        assertEquals(
                List.of(),
                EnvUnderTest.healthy().set("SECRET_KEY_BASE", base + "more").labels());
    }

    @Test
    void pgMetaCryptoKeyMissingOrShort() {
        assertEquals(
                List.of("error studio.pg-meta-crypto-key PG_META_CRYPTO_KEY"),
                EnvUnderTest.healthy().remove("PG_META_CRYPTO_KEY").labels());
        Finding f = EnvUnderTest.healthy()
                .set("PG_META_CRYPTO_KEY", "FqFU0REFpl7wnWXBEFb9S1Ucjq")
                .only("studio.pg-meta-crypto-key");
        assertTrue(f.message().contains("Failed to retrieve"), f.message());
        assertEquals(
                List.of(),
                EnvUnderTest.healthy()
                        .set("PG_META_CRYPTO_KEY", "FqFU0REFpl7wnWXBEFb9S1UcjqhBGbJH")
                        .labels());
    }

    @Test
    void logflareTokensEmpty() {
        assertEquals(
                List.of(
                        "error analytics.logflare-token-missing LOGFLARE_PRIVATE_ACCESS_TOKEN",
                        "error analytics.logflare-token-missing LOGFLARE_PUBLIC_ACCESS_TOKEN"),
                EnvUnderTest.healthy()
                        .set("LOGFLARE_PUBLIC_ACCESS_TOKEN", "")
                        .remove("LOGFLARE_PRIVATE_ACCESS_TOKEN")
                        .labels());
    }

    @Test
    void publishedExampleValues() {
        EnvUnderTest env = EnvUnderTest.healthy()
                .set("DASHBOARD_PASSWORD", "this_password_is_insecure_and_should_be_updated")
                .set("S3_PROTOCOL_ACCESS_KEY_ID", "625729a08b95bf1b7ff351a663f3a23c");
        assertEquals(
                List.of(
                        "error secrets.published-example DASHBOARD_PASSWORD",
                        "error secrets.published-example S3_PROTOCOL_ACCESS_KEY_ID"),
                env.labels());
        Finding dashboard = env.findings().get(0);
        assertEquals(Remedy.generate_secret, dashboard.fix().remedy());
        assertTrue(dashboard.message().contains("anyone can log in to Studio"), dashboard.message());
        assertFalse(dashboard.evidence().contains("this_password"), "evidence names the example, not the value");
    }

    @Test
    void publishedJwtSecretNeedsTheRotationOptIn() {
        EnvUnderTest env = withJwtSecret("your-super-secret-jwt-token-with-at-least-32-characters-long");
        assertEquals(List.of("error secrets.published-example JWT_SECRET"), env.labels());
        Finding f = env.only("secrets.published-example");
        assertEquals(Remedy.rotate_jwt_secret, f.fix().remedy());
        assertTrue(f.message().contains("service_role"), f.message());
    }
}
