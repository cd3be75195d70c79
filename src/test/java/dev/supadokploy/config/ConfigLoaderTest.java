package dev.supadokploy.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.supadokploy.errors.ErrorCode;
import dev.supadokploy.errors.SupaException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {

    @Test
    void readsDokployAndInstances(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("config.toml");
        Files.writeString(f, """
                [dokploy]
                url = "https://dokploy.example.com"
                api_key = "env:DOKPLOY_API_KEY"

                [instances.staging]
                database_url = "postgres://postgres@staging.internal:5432/postgres"
                database_password = "file:/run/secrets/staging-pg"
                dokploy_compose_id = "cmp_123"
                supabase_url = "https://staging.example.com"
                environment = "staging"

                [instances.production]
                database_url = "env:PROD_DATABASE_URL"
                """);
        Config c = ConfigLoader.load(f, Map.of());
        assertEquals("https://dokploy.example.com", c.dokploy().url());
        assertEquals("env:DOKPLOY_API_KEY", c.dokploy().apiKey());
        assertEquals(
                List.of("production", "staging"), new ArrayList<>(c.instances().keySet()));
        InstanceConfig s = c.instance("staging");
        assertEquals("cmp_123", s.dokployComposeId());
        assertEquals("file:/run/secrets/staging-pg", s.databasePassword());
        assertNull(c.instance("production").supabaseUrl());
    }

    @Test
    void theDokployTableNamesWhereTemplatesComeFrom(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("config.toml");
        Files.writeString(
                f,
                "[dokploy]\nurl = \"https://dokploy.example.com\"\ntemplates_url = \"http://templates.internal:8080\"\n");
        assertEquals(
                "http://templates.internal:8080",
                ConfigLoader.load(f, Map.of()).dokploy().templatesUrl());
        Files.writeString(f, "[dokploy]\nurl = \"https://dokploy.example.com\"\n");
        assertNull(ConfigLoader.load(f, Map.of()).dokploy().templatesUrl());
    }

    @Test
    void locationPrecedence(@TempDir Path dir) throws IOException {
        Path xdg = dir.resolve("xdg");
        Files.createDirectories(xdg.resolve("supa-dokploy"));
        Files.writeString(
                xdg.resolve("supa-dokploy/config.toml"), "[instances.fromxdg]\ndatabase_url = \"postgres://h/d\"\n");
        Path env = dir.resolve("env.toml");
        Files.writeString(env, "[instances.fromenv]\ndatabase_url = \"postgres://h/d\"\n");
        assertTrue(ConfigLoader.load(null, Map.of("XDG_CONFIG_HOME", xdg.toString()))
                .instances()
                .containsKey("fromxdg"));
        assertTrue(ConfigLoader.load(
                        null, Map.of("XDG_CONFIG_HOME", xdg.toString(), "SUPA_DOKPLOY_CONFIG", env.toString()))
                .instances()
                .containsKey("fromenv"));
        assertTrue(
                ConfigLoader.load(
                                null,
                                Map.of("XDG_CONFIG_HOME", dir.resolve("none").toString()))
                        .instances()
                        .isEmpty(),
                "a missing default file is an empty configuration");
    }

    @Test
    void misspeltKeysAndBadSyntaxAreErrors(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("c.toml");
        Files.writeString(f, "[instances.staging]\ndatabse_url = \"postgres://h/d\"\n");
        SupaException e = assertThrows(SupaException.class, () -> ConfigLoader.load(f, Map.of()));
        assertEquals(ErrorCode.CONFIGURATION_INVALID, e.code());
        assertTrue(e.getMessage().contains("databse_url"));
        assertTrue(e.suggestion().contains("database_url"));
        Files.writeString(f, "[instances.staging\n");
        assertEquals(
                ErrorCode.CONFIGURATION_INVALID,
                assertThrows(SupaException.class, () -> ConfigLoader.load(f, Map.of()))
                        .code());
    }

    @Test
    void secretReferences(@TempDir Path dir) throws IOException {
        List<String> warnings = new ArrayList<>();
        SecretResolver r = new SecretResolver(
                Map.of("PGPW", "from-env"), () -> new ByteArrayInputStream("from-stdin\n".getBytes()), warnings::add);
        assertEquals("from-env", r.resolve("env:PGPW", "pw").reveal());
        assertEquals("literal", r.resolve("literal", "pw").reveal());
        assertEquals("from-stdin", r.resolve("-", "pw").reveal());
        Path f = dir.resolve("secret");
        Files.writeString(f, "from-file\n");
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-------"));
        assertEquals("from-file", r.resolve("file:" + f, "pw").reveal());
        assertTrue(warnings.isEmpty());
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-r--r--"));
        r.resolve("file:" + f, "pw");
        assertTrue(warnings.get(0).contains("chmod 600"), warnings.toString());
        SupaException missing = assertThrows(SupaException.class, () -> r.resolve("env:NOPE", "pw"));
        assertEquals(ErrorCode.CONFIGURATION_SECRET_UNRESOLVED, missing.code());
        assertEquals(
                ErrorCode.CONFIGURATION_SECRET_UNRESOLVED,
                assertThrows(SupaException.class, () -> r.resolve("file:" + dir.resolve("absent"), "pw"))
                        .code());
        assertEquals("***", Secret.of("x").toString());
    }
}
