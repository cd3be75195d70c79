package dev.supadokploy.testing.dokploy;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.supadokploy.testing.EnvFixtures;
import dev.supadokploy.testing.Hs256;
import dev.supadokploy.testing.SupabaseDemo;
import dev.supadokploy.testing.dokploy.DokployTemplate.Generation;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Each Dokploy template helper, on small inline templates, as Dokploy's processors.ts and index.ts define it. */
class DokployTemplateHelpersTest {
    private static final Instant NOW = Instant.parse("2026-11-01T00:00:00Z");
    private static final String ANON_PAYLOAD = """
            anon_key_payload = \"\"\"{
              "role": "anon",
              "iss": "supabase",
              "exp": ${timestamps:2030-01-01T00:00:00Z}
            }
            \"\"\"
            """;

    private static Map<String, String> env(Generation generation, String toml) {
        return EnvFixtures.parse(process(generation, 7L, toml).env());
    }

    private static DokployTemplate.Processed process(Generation generation, long seed, String toml) {
        return DokployTemplate.process(
                toml, new DokployTemplate.Options("supabase.example.com", "app-abc123", seed, NOW, generation));
    }

    private static Map<String, String> env(String toml) {
        return env(Generation.CURRENT, toml);
    }

    @Test
    void passwordIsLowercaseAlphanumericWithDefaultSixteen() {
        Map<String, String> env = env("""
                [variables]
                given = "${password:40}"
                [config]
                env = ['GIVEN=${given}', 'DEFAULT=${password}', 'INLINE=${password:24}', 'ZERO=${password:0}']
                """);
        assertAll(
                () -> assertTrue(env.get("GIVEN").matches("[a-z0-9]{40}")),
                () -> assertTrue(env.get("DEFAULT").matches("[a-z0-9]{16}"), "Dokploy's default is 16, not 32"),
                () -> assertTrue(env.get("INLINE").matches("[a-z0-9]{24}")),
                () -> assertTrue(env.get("ZERO").matches("[a-z0-9]{16}"), "parseInt(\"0\") || 16"));
    }

    /** The variables' first pass takes the length from a regex capture, so there "0" means an empty password. */
    @Test
    void aZeroLengthPasswordVariableIsEmpty() {
        assertEquals("", process(Generation.CURRENT, 1, """
                [variables]
                nothing = "${password:0}"
                """).variables().get("nothing"));
    }

    @Test
    void base64HashAndUuid() {
        Map<String, String> env = env("""
                [config]
                env = ['B64=${base64}', 'B64_12=${base64:12}', 'HASH=${hash}', 'HASH_5=${hash:5}', 'UUID=${uuid}']
                """);
        assertAll(
                () -> assertEquals(32, Base64.getDecoder().decode(env.get("B64")).length),
                () -> assertEquals(12, Base64.getDecoder().decode(env.get("B64_12")).length),
                () -> assertTrue(env.get("HASH").matches("[0-9a-f]{8}")),
                () -> assertTrue(env.get("HASH_5").matches("[0-9a-f]{5}")),
                () -> assertTrue(env.get("UUID")
                        .matches("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}")));
    }

    @Test
    void timestampsFollowTheClock() {
        Map<String, String> env = env("""
                [config]
                env = ['MS=${timestamp}', 'MS2=${timestampms}', 'S=${timestamps}', 'Y2030=${timestamps:2030-01-01T00:00:00Z}',
                       'Y2030_MS=${timestampms:2030-01-01T00:00:00Z}', 'DATE_ONLY=${timestamps:2030-01-01}', 'BAD=${timestamps:soon}']
                """);
        assertAll(
                () -> assertEquals(Long.toString(NOW.toEpochMilli()), env.get("MS"), "${timestamp} is milliseconds"),
                () -> assertEquals(env.get("MS"), env.get("MS2")),
                () -> assertEquals("1793491200", env.get("S")),
                () -> assertEquals("1893456000", env.get("Y2030")),
                () -> assertEquals("1893456000000", env.get("Y2030_MS")),
                () -> assertEquals("1893456000", env.get("DATE_ONLY")),
                () -> assertEquals("NaN", env.get("BAD")));
    }

    @Test
    void randomPortUsernameAndEmail() {
        Map<String, String> env = env("""
                [config]
                env = ['PORT=${randomPort}', 'USER=${username}', 'MAIL=${email}']
                """);
        int port = Integer.parseInt(env.get("PORT"));
        assertAll(
                () -> assertTrue(port >= 0 && port < 65535),
                () -> assertEquals(env.get("USER").toLowerCase(), env.get("USER")),
                () -> assertTrue(env.get("MAIL").matches("[a-z0-9._]+@[a-z.]+")));
    }

    @Test
    void jwtWithALengthIsHexAndBareJwtIsSignedWithAnUnknownSecret() {
        Map<String, String> env = env("""
                [config]
                env = ['HEX=${jwt:16}', 'BARE=${jwt}']
                """);
        assertAll(
                () -> assertTrue(env.get("HEX").matches("[0-9a-f]{32}"), "${jwt:16} is 16 random bytes in hex"),
                () -> assertEquals(
                        Map.of("iat", 1793491200, "exp", 1893456000, "iss", "dokploy"), Hs256.claims(env.get("BARE"))));
    }

    /**
     * The whole v0.25.5 bug in one test: the same template payload, with the newline TOML leaves before the
     * closing quotes, parses after PR #2868 and is dropped before it.
     */
    @Test
    void theTrailingNewlineIsWhatV0255Chokes() {
        String toml = """
                [variables]
                secret = "${password:32}"
                """ + ANON_PAYLOAD + """
                [config]
                env = ['JWT_SECRET=${secret}', 'ANON_KEY=${jwt:secret:anon_key_payload}']
                """;
        Map<String, String> current = env(Generation.CURRENT, toml);
        Map<String, String> buggy = env(Generation.BUGGY_V0_25_5, toml);

        assertAll(
                () -> assertTrue(process(Generation.CURRENT, 7, toml)
                        .variables()
                        .get("anon_key_payload")
                        .endsWith("}\n")),
                () -> assertEquals("anon", Hs256.claims(current.get("ANON_KEY")).get("role")),
                () -> assertEquals(
                        Map.of("iat", 1793491200, "exp", 1893456000, "iss", "dokploy"),
                        Hs256.claims(buggy.get("ANON_KEY"))),
                () -> assertTrue(Hs256.verify(buggy.get("ANON_KEY"), buggy.get("JWT_SECRET"))));

        String noNewline = toml.replace("}\n\"\"\"", "}\"\"\"");
        assertEquals(
                "anon",
                Hs256.claims(env(Generation.BUGGY_V0_25_5, noNewline).get("ANON_KEY"))
                        .get("role"),
                "without the newline even v0.25.5 reads the payload");
    }

    /** May–October 2025 templates also had a trailing comma in the payload: invalid JSON for every Dokploy. */
    @ParameterizedTest
    @EnumSource(
            value = Generation.class,
            names = {"CURRENT", "BUGGY_V0_25_5"})
    void aPayloadWithATrailingCommaFallsBackToTheDefaults(Generation generation) {
        String toml = ANON_PAYLOAD.replace("00:00:00Z}\n", "00:00:00Z},\n") + """
                [config]
                env = ['ANON_KEY=${jwt:a-literal-secret-text:anon_key_payload}']
                """;
        String key = env(generation, toml).get("ANON_KEY");

        assertEquals(Map.of("iat", 1793491200, "exp", 1893456000, "iss", "dokploy"), Hs256.claims(key));
        assertTrue(Hs256.verify(key, "a-literal-secret-text"), "a secret that names no variable is used as text");
    }

    @Test
    void variablesSeeOnlyEarlierVariablesProcessed() {
        Map<String, String> env = env("""
                [variables]
                host = "${domain}"
                url = "https://${host}/x"
                early = "${late}-suffix"
                late = "${uuid}"
                [config]
                env = ['URL=${url}', 'EARLY=${early}', 'UNKNOWN=${not_a_variable}']
                """);
        assertAll(
                () -> assertEquals("https://supabase.example.com/x", env.get("URL")),
                () -> assertEquals(
                        "${uuid}-suffix", env.get("EARLY"), "late was still \"${uuid}\" when early was processed"),
                () -> assertEquals("${not_a_variable}", env.get("UNKNOWN")));
    }

    @Test
    void v0255LeavesEmptyVariablesUnresolved() {
        String toml = """
                [variables]
                empty = ""
                [config]
                env = ['X=${empty}']
                """;
        assertEquals("X=", process(Generation.CURRENT, 1, toml).env());
        assertEquals("X=${empty}", process(Generation.BUGGY_V0_25_5, 1, toml).env());
    }

    @Test
    void envTablesAreProcessedButObjectsInTheEnvArrayAreNot() {
        assertEquals(
                List.of("A=supabase.example.com", "B=3"),
                process(Generation.CURRENT, 1, """
                [config.env]
                A = "${domain}"
                B = 3
                """).envLines());
        assertEquals(
                List.of("A=${domain}", "true"),
                process(Generation.CURRENT, 1, """
                [config]
                env = [{ A = "${domain}" }, true]
                """).envLines());
    }

    @Test
    void hardcodedGenerationWritesTheDemoKeysLiterally() {
        Map<String, String> env = env(Generation.HARDCODED_MARCH_MAY_2025, """
                [variables]
                jwt_secret = "${password:32}"
                [config]
                env = ['JWT_SECRET=${jwt_secret}', 'ANON_KEY=${jwt:jwt_secret}', 'SERVICE_ROLE_KEY=${jwt:jwt_secret}']
                """);
        assertEquals(SupabaseDemo.ANON_KEY, env.get("ANON_KEY"));
        assertEquals(SupabaseDemo.SERVICE_ROLE_KEY, env.get("SERVICE_ROLE_KEY"));
        assertTrue(env.get("JWT_SECRET").matches("[a-z0-9]{32}"));
    }

    @Test
    void theSeedDecidesEveryRandomValue() {
        String toml = """
                [variables]
                p = "${password:32}"
                [config]
                env = ['P=${p}', 'U=${uuid}', 'K=${jwt}']
                """;
        assertEquals(process(Generation.CURRENT, 42, toml), process(Generation.CURRENT, 42, toml));
        assertNotEquals(
                process(Generation.CURRENT, 42, toml).env(),
                process(Generation.CURRENT, 43, toml).env());
    }

    /** Dokploy's TOML parser keeps "\$" as written; Jackson would refuse it, so it is escaped first. */
    @Test
    void unknownEscapesInBasicStringsStayLiteral() {
        Map<String, Object> parsed = DokployTemplate.parse("""
                a = "x\\$y"
                b = \"\"\"tab\\tand \\$((expr))\"\"\"
                c = 'C:\\path\\$'
                d = "quote \\" and \\\\ backslash" # comment with \\$
                """);
        assertAll(
                () -> assertEquals("x\\$y", parsed.get("a")),
                () -> assertEquals("tab\tand \\$((expr))", parsed.get("b")),
                () -> assertEquals("C:\\path\\$", parsed.get("c")),
                () -> assertEquals("quote \" and \\ backslash", parsed.get("d")));
        assertFalse(LenientToml.escapeUnknownEscapes("e = '''\\$'''").contains("\\\\"));
    }
}
