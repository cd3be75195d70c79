package dev.supadokploy.ops.backup;

import com.fasterxml.jackson.databind.JsonNode;
import dev.supadokploy.backup.ArchiveReader;
import dev.supadokploy.backup.BackupManifest;
import dev.supadokploy.dokploy.Domain;
import dev.supadokploy.dokploy.Mount;
import dev.supadokploy.errors.SupaException;
import dev.supadokploy.util.DotEnv;
import dev.supadokploy.util.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/**
 * The stack's config as the 'C' section holds it: what Dokploy keeps for the compose that makes the stack what it is —
 * its env (the secrets included), its compose file, its domains and its mounts (file mounts carry kong.yml, the SQL
 * init files and the edge functions' code). Only ever in an encrypted archive.
 *
 * @param composeId  the compose it was read from (a restore onto another compose checks that one's live domains)
 * @param sourceType raw for a compose Dokploy deploys from its stored compose file (the template's); git sources
 *                   deploy their repository's file instead
 */
record StackConfig(
        String composeId,
        String name,
        String appName,
        String sourceType,
        String env,
        String composeFile,
        List<Domain> domains,
        List<Mount> mounts) {
    static final String PART = "config";

    StackConfig {
        env = Objects.requireNonNullElse(env, "");
        composeFile = Objects.requireNonNullElse(composeFile, "");
        domains = domains == null ? List.of() : List.copyOf(domains);
        mounts = mounts == null ? List.of() : List.copyOf(mounts);
    }

    /**
     * What the manifest says of the section: enough to tell it is the one written (its SHA-256), and what it holds
     * without a secret (env keys counted, not named; domains by host; mounts by file).
     */
    record Summary(
            String composeId,
            String name,
            int envKeys,
            String composeFileSha256,
            List<String> domains,
            List<String> mounts,
            long bytes,
            String sha256) {}

    /** The env's keys, each once, in order. */
    List<String> envKeys() {
        return List.copyOf(DotEnv.parse(env).toMap().keySet());
    }

    byte[] bytes() {
        try {
            return Json.MAPPER.writeValueAsBytes(this);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    Summary summary(byte[] bytes) {
        return new Summary(
                composeId,
                name,
                envKeys().size(),
                sha256(composeFile.getBytes(StandardCharsets.UTF_8)),
                domains.stream().map(Domain::host).toList(),
                mounts.stream()
                        .map(m -> m.file() ? m.filePath() : m.type() + ":" + m.mountPath())
                        .toList(),
                bytes.length,
                sha256(bytes));
    }

    /** A 'C' section read and checked to parse; its summary is compared with the manifest's by {@link #check}. */
    record Read(StackConfig config, Summary summary) {}

    static Read read(ArchiveReader.Section section) throws IOException {
        byte[] bytes = section.content().readAllBytes();
        StackConfig config;
        try {
            config = Json.MAPPER.readValue(bytes, StackConfig.class);
        } catch (IOException e) {
            throw ArchiveScan.tampered(
                    "the stack config section does not parse (" + e.getClass().getSimpleName() + ")");
        }
        return new Read(config, config.summary(bytes));
    }

    /**
     * The section (null when the archive has none) against the manifest's summary: both there or both absent, and
     * equal. Damage inside an authenticated archive is caught by the cipher already; this catches a writer's mistake
     * and a plain archive's edit.
     */
    static void check(Read read, BackupManifest manifest) {
        JsonNode expected = manifest.parts().get(PART);
        if (read == null && expected == null) {
            return;
        }
        if (read == null || expected == null) {
            throw ArchiveScan.tampered(
                    read == null
                            ? "the manifest lists a stack config the archive does not hold"
                            : "the archive holds a stack config the manifest does not list");
        }
        Summary summary;
        try {
            summary = Json.MAPPER.treeToValue(expected, Summary.class);
        } catch (IOException e) {
            throw ArchiveScan.tampered("the manifest's stack config summary does not parse");
        }
        if (!summary.equals(read.summary())) {
            throw ArchiveScan.tampered("the stack config section differs from the manifest's summary (SHA-256 "
                    + read.summary().sha256() + ", the manifest says " + summary.sha256() + ")");
        }
    }

    /** Restore --with-config of an archive without the part. */
    static SupaException missing(String backupId) {
        return SupaException.invalidInput(
                "Backup " + backupId + " holds no stack config",
                "Restore it without --with-config, or use a backup made with --stack-config (it needs --encrypt and an "
                        + "instance with dokploy_compose_id). Nothing was restored.");
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
