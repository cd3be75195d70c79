package dev.supadokploy.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.supadokploy.errors.ErrorCode;
import dev.supadokploy.errors.SupaException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** config.toml's [destinations.NAME]: read as written; a secret written out in the file, or a bad key, refused. */
class DestinationConfigTest {
    @TempDir
    Path dir;

    private Config parse(String toml) throws IOException {
        Path file = dir.resolve("config.toml");
        Files.writeString(file, toml);
        return ConfigLoader.parse(file);
    }

    @Test
    void destinationsAreRead() throws IOException {
        Config c = parse("""
                [destinations.offsite]
                endpoint = "https://s3.eu-central-003.backblazeb2.com"
                region = "eu-central-003"
                path_style = true
                bucket = "prod-backups"
                access_key_id = "env:B2_KEY_ID"
                secret_access_key = "file:/run/secrets/b2"

                [destinations.aws]
                access_key_id = "AKIAEXAMPLE"
                secret_access_key = "env:AWS_SECRET"
                """);
        DestinationConfig d = c.destinations().get("offsite");
        assertEquals(
                new DestinationConfig(
                        "offsite",
                        "https://s3.eu-central-003.backblazeb2.com",
                        "eu-central-003",
                        true,
                        "prod-backups",
                        "env:B2_KEY_ID",
                        "file:/run/secrets/b2"),
                d);
        assertNull(c.destinations().get("aws").endpoint());
        assertNull(c.destinations().get("aws").pathStyle());
        assertTrue(parse("[dokploy]\nurl = \"https://d\"\n").destinations().isEmpty());
    }

    @Test
    void aSecretWrittenOutOrAnUnknownKeyIsRefused() {
        SupaException literal = assertThrows(
                SupaException.class,
                () -> parse("[destinations.x]\naccess_key_id = \"id\"\nsecret_access_key = \"s3cr3t-value\"\n"));
        assertEquals(ErrorCode.CONFIGURATION_INVALID, literal.code());
        assertTrue(!literal.getMessage().contains("s3cr3t-value"), "the value is not repeated");
        assertEquals(
                ErrorCode.CONFIGURATION_INVALID,
                assertThrows(SupaException.class, () -> parse("[destinations.x]\nendpoint_url = \"https://h\"\n"))
                        .code());
        assertEquals(
                ErrorCode.CONFIGURATION_INVALID,
                assertThrows(SupaException.class, () -> parse("[destinations.x]\npath_style = \"yes\"\n"))
                        .code());
    }
}
