package dev.supadokploy.ops.backup;

import dev.supadokploy.backup.ArchiveKey;
import dev.supadokploy.errors.ErrorCode;
import dev.supadokploy.errors.SupaException;
import dev.supadokploy.ops.OperationContext;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * The key of an archive from what the caller gave: {@code file:PATH} read as bytes (a 32-byte key file stays binary),
 * {@code env:NAME}, {@code -} (stdin) or, over MCP, the value; without one, {@value #ENV} from the environment.
 */
final class BackupKeys {
    static final String ENV = "SUPA_DOKPLOY_BACKUP_KEY";

    private BackupKeys() {}

    /** @return the key, or null when none was given and {@value #ENV} is unset */
    static ArchiveKey resolve(String reference, OperationContext ctx, String what) {
        String ref = reference;
        if (ref == null || ref.isBlank()) {
            if (ctx.env().get(ENV) == null) {
                return null;
            }
            ref = "env:" + ENV;
        }
        if (ref.startsWith("file:")) {
            Path path = Path.of(ref.substring(5).replaceFirst("^~/", System.getProperty("user.home") + "/"));
            try {
                return ArchiveKey.of(Files.readAllBytes(path));
            } catch (NoSuchFileException e) {
                throw new SupaException(
                        ErrorCode.CONFIGURATION_SECRET_UNRESOLVED,
                        what + " file " + path + " does not exist",
                        "Fix the path, or create a key: head -c 32 /dev/urandom > " + path + " && chmod 600 " + path);
            } catch (IOException e) {
                throw new SupaException(
                        ErrorCode.CONFIGURATION_SECRET_UNRESOLVED,
                        "Cannot read " + what + " file " + path + ": " + e.getMessage(),
                        "Check the file's permissions for the current user.",
                        e);
            }
        }
        return ArchiveKey.of(ctx.secrets().resolve(ref, what).reveal().getBytes(StandardCharsets.UTF_8));
    }
}
