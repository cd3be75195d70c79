package dev.supadokploy.dokploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.supadokploy.util.DotEnv;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@link DokployEnv}: dotenv 16.4.5's parse, Dokploy's reference resolution and its .env writing, by version. */
class DokployEnvTest {
    private static final DokployVersion V0_29 = DokployVersion.of(0, 29, 4);
    private static final DokployVersion V0_30 = DokployVersion.of(0, 30, 2);
    private static final DokployVersion V0_24 = DokployVersion.of(0, 24, 0);

    record Case(String input, LinkedHashMap<String, String> parsed) {}

    /**
     * Inputs and the objects the real dotenv 16.4.5 returned for them ({@code require('dotenv').parse(input)} under
     * Node 20, package from {@code npm pack dotenv@16.4.5}), in the order of {@code Object.entries}.
     */
    @Test
    void parsesLikeDotenv1645() throws IOException {
        List<Case> cases;
        try (InputStream in = getClass().getResourceAsStream("/dokploy/dotenv-16.4.5-parse.json")) {
            cases = new ObjectMapper().readValue(in, new TypeReference<List<Case>>() {});
        }
        assertTrue(cases.size() > 20);
        for (Case c : cases) {
            Map<String, String> actual = DokployEnv.parse(c.input());
            assertEquals(c.parsed(), actual, c.input());
            assertEquals(
                    new ArrayList<>(c.parsed().keySet()),
                    new ArrayList<>(actual.keySet()),
                    "key order of " + c.input());
        }
    }

    @Test
    void hashEndsAnUnquotedValueEvenWithoutASpace() {
        assertEquals(
                "abc",
                DokployEnv.of("A=abc#def", DokployEnv.Shared.of("", ""), V0_30)
                        .values()
                        .get("A"));
        // DotEnv (Docker Compose's reading of a local file) keeps it: the two views differ exactly here
        assertEquals("abc#def", DotEnv.parse("A=abc#def").get("A").orElseThrow());
    }

    @Test
    void dropsLinesItCannotParseAndSaysWhich() {
        String text = "A=1\nnot an assignment\n# comment\n\nB: two\n\"C\"=3\nD=\"multi\nline\"\n";
        assertEquals(List.of(2, 6), DokployEnv.droppedLines(text));
        DokployEnv env = DokployEnv.of(text, DokployEnv.Shared.of("", ""), V0_30);
        assertEquals(Map.of("A", "1", "B", "two", "D", "multi\nline"), env.values());
    }

    @Test
    void resolvesProjectEnvironmentAndSelfReferences() {
        String saved =
                "JWT_SECRET=${{project.JWT_SECRET}}\nSITE=${{environment.SITE}}/app\nCOPY=${{JWT_SECRET}}\nPLAIN=x\n";
        DokployEnv env = DokployEnv.of(
                saved, DokployEnv.Shared.of("JWT_SECRET=from-project#cut\n", "SITE=\"https://a.example\""), V0_30);
        assertEquals("from-project", env.values().get("JWT_SECRET"));
        assertEquals("https://a.example/app", env.values().get("SITE"));
        // a self-reference takes the compose's own value as parsed, not resolved (utils.ts: serviceVars[ref])
        assertEquals("${{project.JWT_SECRET}}", env.values().get("COPY"));
        assertTrue(env.isReference("JWT_SECRET") && env.isReference("SITE") && env.isReference("COPY"));
        assertFalse(env.isReference("PLAIN"));
        assertTrue(env.unknown().isEmpty());
    }

    @Test
    void aMissingSharedVariableIsADeployFailureNotAValue() {
        DokployEnv env = DokployEnv.of("JWT_SECRET=${{project.NOPE}}\n", DokployEnv.Shared.of("OTHER=1", ""), V0_30);
        DokployEnv.Reference ref = env.unknown().get("JWT_SECRET");
        assertEquals(DokployEnv.Unknown.MISSING, ref.why());
        assertTrue(ref.detail().contains("Invalid project environment variable: project.NOPE"), ref.detail());
        assertFalse(env.values().containsKey("JWT_SECRET"));
    }

    @Test
    void vaultReferencesAreSetButUnknownFromV030AndUnresolvedBefore() {
        String saved = "JWT_SECRET=${{vault.aws.supabase-jwt}}\n";
        DokployEnv current = DokployEnv.of(saved, DokployEnv.Shared.of("", ""), V0_30);
        assertEquals(
                DokployEnv.Unknown.VAULT, current.unknown().get("JWT_SECRET").why());
        // v0.25–v0.29 read it as a self-reference to a variable named "vault.aws.supabase-jwt": the deploy fails
        DokployEnv older = DokployEnv.of(saved, DokployEnv.Shared.of("", ""), V0_29);
        assertEquals(
                DokployEnv.Unknown.MISSING, older.unknown().get("JWT_SECRET").why());
        // before v0.25 only project references existed: the text itself reached the containers
        assertEquals(
                "${{vault.aws.supabase-jwt}}",
                DokployEnv.of(saved, DokployEnv.Shared.of("", ""), V0_24)
                        .values()
                        .get("JWT_SECRET"));
    }

    @Test
    void sharedEnvsNotReadOrEncryptedLeaveReferencesUnknown() {
        DokployEnv unread = DokployEnv.of("A=${{project.A}}\nB=b\n");
        assertEquals(
                DokployEnv.Unknown.SHARED_ENV_UNREADABLE,
                unread.unknown().get("A").why());
        assertEquals("b", unread.values().get("B"));
        DokployEnv encrypted =
                DokployEnv.of("A=${{environment.A}}\n", DokployEnv.Shared.of("", "enc:v1:abcdef"), V0_30);
        assertEquals(
                DokployEnv.Unknown.SHARED_ENV_UNREADABLE,
                encrypted.unknown().get("A").why());
    }

    @Test
    void dollarIsLiteralFromV030AndExpansionsAreNamed() {
        String saved =
                "POSTGRES_PASSWORD=abc\nDB_URL=postgres://u:${POSTGRES_PASSWORD}@db/x\nPRICE=5$ only\nREF=$POSTGRES_PASSWORD\n";
        DokployEnv current = DokployEnv.of(saved, DokployEnv.Shared.of("", ""), V0_30);
        assertTrue(current.dollarLiteral());
        assertEquals(List.of("${POSTGRES_PASSWORD}"), current.literalExpansions("DB_URL"));
        assertEquals(List.of("$POSTGRES_PASSWORD"), current.literalExpansions("REF"));
        assertEquals(List.of(), current.literalExpansions("PRICE"));
        DokployEnv older = DokployEnv.of(saved, DokployEnv.Shared.of("", ""), V0_29);
        assertFalse(older.dollarLiteral());
        assertEquals(List.of(), older.literalExpansions("DB_URL"), "before v0.30 Compose still expanded it");
    }

    @Test
    void beforeV030ComposeReadTheUnquotedLine() {
        DokployEnv older = DokployEnv.of("A=\"x #y\"\nB=\"l1\nl2\"\n", DokployEnv.Shared.of("", ""), V0_29);
        assertEquals("x", older.values().get("A"));
        assertEquals("l1", older.values().get("B"));
        DokployEnv current = DokployEnv.of("A=\"x #y\"\nB=\"l1\nl2\"\n", DokployEnv.Shared.of("", ""), V0_30);
        assertEquals("x #y", current.values().get("A"));
        assertEquals("l1\nl2", current.values().get("B"));
    }

    @Test
    void longValuesDoNotOverflowTheRegexEngine() {
        String pem = "A=\"" + "x".repeat(200_000) + "\"\n";
        assertEquals(200_000, DokployEnv.parse(pem).get("A").length());
    }
}
