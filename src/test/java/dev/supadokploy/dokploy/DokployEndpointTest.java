package dev.supadokploy.dokploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.supadokploy.config.Config;
import dev.supadokploy.config.DokployServerConfig;
import dev.supadokploy.config.SecretResolver;
import dev.supadokploy.errors.ErrorCode;
import dev.supadokploy.errors.SupaException;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DokployEndpointTest {
    private final List<String> warnings = new ArrayList<>();

    private SecretResolver resolver(Map<String, String> env, String stdin) {
        return new SecretResolver(
                env, () -> new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)), warnings::add);
    }

    private static Config config(String url, String apiKey) {
        return new Config(null, new DokployServerConfig(url, apiKey), Map.of());
    }

    @Test
    void inputWinsOverEnvironmentAndConfig() {
        Map<String, String> env =
                Map.of("DOKPLOY_URL", "https://env.example.com", "DOKPLOY_API_KEY", "env-key", "MY_KEY", "input-key");
        DokployEndpoint e = DokployEndpoint.resolve(
                "https://input.example.com",
                "env:MY_KEY",
                env,
                config("https://config.example.com", "config-key"),
                resolver(env, ""));
        assertEquals("https://input.example.com", e.url());
        assertEquals("input-key", e.apiKey().reveal());
        assertEquals("input", e.source());
    }

    @Test
    void environmentWinsOverConfig() {
        Map<String, String> env = Map.of("DOKPLOY_URL", "https://env.example.com", "DOKPLOY_API_KEY", "env-key");
        DokployEndpoint e = DokployEndpoint.resolve(
                null, null, env, config("https://config.example.com", "config-key"), resolver(env, ""));
        assertEquals("https://env.example.com", e.url());
        assertEquals("env-key", e.apiKey().reveal());
        assertEquals("DOKPLOY_URL", e.source());
    }

    @Test
    void configIsTheLastResortAndItsKeyIsAReference(@TempDir Path dir) throws Exception {
        Path keyFile = dir.resolve("key");
        Files.writeString(keyFile, "file-key\n");
        DokployEndpoint e = DokployEndpoint.resolve(
                " ",
                "",
                Map.of(),
                config("https://config.example.com/api/", "file:" + keyFile),
                resolver(Map.of(), ""));
        assertEquals("https://config.example.com/api/", e.url());
        assertEquals("file-key", e.apiKey().reveal());
        assertEquals("config", e.source());
    }

    @Test
    void keyFromStandardInput() {
        DokployEndpoint e = DokployEndpoint.resolve(
                "https://d.example.com", "-", Map.of(), null, resolver(Map.of(), "stdin-key\n"));
        assertEquals("stdin-key", e.apiKey().reveal());
    }

    @Test
    void missingUrlSaysWhereToPutIt() {
        SupaException e = assertThrows(
                SupaException.class,
                () -> DokployEndpoint.resolve(null, null, Map.of(), Config.empty(), resolver(Map.of(), "")));
        assertEquals(ErrorCode.CONFIGURATION_NOT_FOUND, e.code());
        assertTrue(e.suggestion().contains("DOKPLOY_URL"), e.suggestion());
    }

    @Test
    void missingKeySaysHowToCreateOne() {
        SupaException e = assertThrows(
                SupaException.class,
                () -> DokployEndpoint.resolve("https://d.example.com", null, Map.of(), null, resolver(Map.of(), "")));
        assertEquals(ErrorCode.CONFIGURATION_NOT_FOUND, e.code());
        assertTrue(e.suggestion().contains("Settings → Profile → API/CLI"), e.suggestion());
        assertTrue(e.suggestion().contains("DOKPLOY_API_KEY"), e.suggestion());
    }

    @Test
    void unresolvableReferenceIsAConfigurationError() {
        SupaException e = assertThrows(
                SupaException.class,
                () -> DokployEndpoint.resolve(
                        "https://d.example.com", "env:NOPE", Map.of(), null, resolver(Map.of(), "")));
        assertEquals(ErrorCode.CONFIGURATION_SECRET_UNRESOLVED, e.code());
    }

    @Test
    void malformedUrlFailsBeforeTheKeyIsRead() {
        SupaException e = assertThrows(
                SupaException.class,
                () -> DokployEndpoint.resolve("dokploy.example.com", "-", Map.of(), null, resolver(Map.of(), "k")));
        assertEquals(ErrorCode.CONNECTION_INVALID_URL, e.code());
    }

    @Test
    void theKeyNeverShowsInTheRecord() {
        DokployEndpoint e =
                DokployEndpoint.of("https://d.example.com", dev.supadokploy.config.Secret.of("very-secret"));
        assertFalse(e.toString().contains("very-secret"), e.toString());
    }
}
