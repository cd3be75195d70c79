package dev.supadokploy.ops.backup;

import dev.supadokploy.backup.ArchiveFormat;
import dev.supadokploy.config.InstanceConfig;
import dev.supadokploy.dokploy.Compose;
import dev.supadokploy.dokploy.DokployApi;
import dev.supadokploy.errors.ErrorCode;
import dev.supadokploy.errors.SupaException;
import dev.supadokploy.ops.OperationContext;
import dev.supadokploy.ops.connection.ConnectionInput;
import dev.supadokploy.ops.connection.DokployConnector;
import dev.supadokploy.ops.connection.DokployInput;
import dev.supadokploy.util.Json;
import java.util.Map;

/**
 * The "config" part: the compose of an instance linked to Dokploy ({@code dokploy_compose_id} in config.toml), read
 * through Dokploy's API — env with its secrets, compose file, domains, mounts — into one 'C' section. The env holds
 * the stack's secrets, so the part goes only into an encrypted archive. Dokploy is reached as the other Dokploy
 * commands reach it without options: DOKPLOY_URL / DOKPLOY_API_KEY, then config.toml's [dokploy].
 */
final class ConfigPart implements InstancePart {

    @Override
    public String name() {
        return StackConfig.PART;
    }

    /** Asked for (stackConfig true) without encryption: refused before the database is read. */
    static void requireEncryption(BackupCreateOperation.Input input, boolean encrypt) {
        if (Boolean.TRUE.equals(input.stackConfig()) && !encrypt) {
            throw needsEncryption();
        }
    }

    @Override
    public Outcome backup(Context context) throws Exception {
        BackupCreateOperation.Input input = context.input();
        if (Boolean.FALSE.equals(input.stackConfig())) {
            return Outcome.skipped(name(), "left out (--no-stack-config)");
        }
        boolean required = Boolean.TRUE.equals(input.stackConfig());
        if (!context.writer().header().encrypted()) {
            if (required) {
                throw needsEncryption();
            }
            return Outcome.skipped(
                    name(), "the archive is not encrypted, and the stack's env holds its secrets: add --encrypt");
        }
        String composeId = linkedCompose(input.connection(), context.ctx());
        if (composeId == null) {
            if (required) {
                throw new SupaException(
                        ErrorCode.VALIDATION_MISSING_INPUT,
                        "--stack-config needs an instance linked to Dokploy",
                        "Back up an instance of config.toml (--instance NAME) whose [instances.NAME] has dokploy_compose_id.");
            }
            return Outcome.skipped(name(), "not linked to Dokploy (back up an --instance with dokploy_compose_id)");
        }
        StackConfig config;
        try {
            config = read(DokployConnector.open(DokployInput.fromEnvironment(), context.ctx()), composeId);
        } catch (SupaException e) {
            if (required) {
                throw e;
            }
            return Outcome.skipped(name(), "Dokploy could not be read: " + e.getMessage());
        }
        byte[] bytes = config.bytes();
        context.writer().section(ArchiveFormat.CONFIG, Map.of(), bytes);
        StackConfig.Summary summary = config.summary(bytes);
        long files = 2 + config.mounts().stream().filter(m -> m.file()).count(); // env, compose file, file mounts
        return new Outcome(
                new BackupCreateOperation.Part(
                        name(),
                        BackupCreateOperation.PartStatus.included,
                        files,
                        bytes.length,
                        "compose " + config.name() + " (" + composeId + "): " + summary.envKeys() + " env keys, "
                                + config.domains().size() + " domain(s), "
                                + config.mounts().size() + " mount(s)"),
                Json.MAPPER.valueToTree(summary));
    }

    /** The compose as Dokploy holds it now. */
    static StackConfig read(DokployApi api, String composeId) {
        Compose compose = api.compose(composeId);
        if (compose.env() != null && compose.env().startsWith("enc:v1:")) {
            // Dokploy's encryptedText fails open: with the wrong key it hands back the ciphertext
            throw new SupaException(
                    ErrorCode.DOKPLOY_INVALID_RESPONSE,
                    "Dokploy answered the env of " + composeId
                            + " encrypted: it cannot decrypt it with its current key",
                    "Restore Dokploy's encryption key (or save the env again in Dokploy), then back up again.");
        }
        return new StackConfig(
                compose.composeId(),
                compose.name(),
                compose.appName(),
                compose.sourceType(),
                compose.env(),
                compose.composeFile(),
                api.domains(composeId),
                api.mounts(composeId));
    }

    /** The dokploy_compose_id of the instance the backup reads, or null. */
    private static String linkedCompose(ConnectionInput connection, OperationContext ctx) {
        if (connection == null
                || connection.instance() == null
                || connection.instance().isBlank()) {
            return null;
        }
        InstanceConfig instance =
                ctx.config().instances().get(connection.instance().strip());
        String id = instance == null ? null : instance.dokployComposeId();
        return id == null || id.isBlank() ? null : id.strip();
    }

    private static SupaException needsEncryption() {
        return new SupaException(
                ErrorCode.BACKUP_NEEDS_ENCRYPTION,
                "The stack config holds the stack's secrets (its env) and goes only into an encrypted backup",
                "Add --encrypt (the key: --encryption-key or SUPA_DOKPLOY_BACKUP_KEY), or leave it out with --no-stack-config.");
    }
}
