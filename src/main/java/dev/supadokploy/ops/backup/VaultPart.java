package dev.supadokploy.ops.backup;

import com.fasterxml.jackson.databind.JsonNode;
import dev.supadokploy.backup.ArchiveFormat;
import dev.supadokploy.backup.ArchiveReader;
import dev.supadokploy.backup.BackupManifest;
import dev.supadokploy.errors.ErrorCode;
import dev.supadokploy.errors.SupaException;
import dev.supadokploy.ops.OperationContext;
import dev.supadokploy.pg.PgErrors;
import dev.supadokploy.util.Json;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The vault's secrets (supabase_vault): read decrypted from {@code vault.decrypted_secrets} in the backup's snapshot
 * into one 'V' section of an encrypted archive, and re-created with {@code vault.create_secret} on restore.
 *
 * <p>Why not the {@code vault.secrets} rows: each is encrypted under the stack's root key, which lives outside PGDATA
 * (the db-config volume), with the row's id as associated data. Rows copied to another stack are ciphertext nobody can
 * read there, and one such row makes every query of {@code decrypted_secret} fail; the stack's postgres login may not
 * insert them anyway. Re-created from their plaintext, they get new ids and the target's own root key.
 */
final class VaultPart implements InstancePart {
    static final String NAME = "vault";
    static final String EXTENSION = "supabase_vault";

    /** One secret as the archive holds it. The value is in clear: it only ever goes into an encrypted archive. */
    record Secret(
            String id,
            String name,
            String description,
            String secret,
            String keyId,
            Instant createdAt,
            Instant updatedAt) {
        /** Never the value: a record's toString ends up in logs and assertion messages. */
        @Override
        public String toString() {
            return "Secret[id=" + id + ", name=" + name + "]";
        }
    }

    /** The 'V' section's content. */
    record Content(String extensionVersion, List<Secret> secrets) {}

    /** The manifest's summary, which verify and restore check the section against: no value, only counts and a hash. */
    record Summary(int secrets, String namesSha256, long bytes, String extensionVersion) {
        static Summary of(Content content, long bytes) {
            return new Summary(
                    content.secrets().size(),
                    VaultPart.namesSha256(content.secrets()),
                    bytes,
                    content.extensionVersion());
        }
    }

    @Override
    public String name() {
        return NAME;
    }

    /** Refused before anything is read: the vault asked for (true) in a backup that is not encrypted. */
    static void requireEncryption(Boolean wanted, boolean encrypted) {
        if (Boolean.TRUE.equals(wanted) && !encrypted) {
            throw new SupaException(
                    ErrorCode.BACKUP_NEEDS_ENCRYPTION,
                    "--vault asks for the vault's secrets, which are only ever written into an encrypted backup",
                    "Add --encrypt (with --encryption-key or " + BackupKeys.ENV
                            + "), or leave them out with --no-vault. Nothing was read or written.");
        }
    }

    @Override
    public Outcome backup(Context c) throws Exception {
        Boolean wanted = c.input().vault();
        if (Boolean.FALSE.equals(wanted)) {
            return Outcome.skipped(NAME, "left out (--no-vault)");
        }
        String version = extensionVersion(c.conn());
        if (version == null) {
            return unavailable(wanted, "no vault: the " + EXTENSION + " extension is not in the database", null);
        }
        if (!c.writer().header().encrypted()) {
            // wanted == true was refused up front (requireEncryption); the writer refuses it too
            return Outcome.skipped(
                    NAME,
                    "the backup is not encrypted, and vault secrets are only written into an encrypted one (--encrypt)");
        }
        List<Secret> secrets;
        // a failed query aborts the transaction: the savepoint keeps the snapshot for the manifest and the other parts
        Savepoint savepoint = c.conn().setSavepoint();
        try {
            secrets = read(c.conn());
            c.conn().releaseSavepoint(savepoint);
        } catch (SQLException e) {
            c.conn().rollback(savepoint);
            return unavailable(wanted, unreadable(e), e);
        }
        Content content = new Content(version, secrets);
        byte[] json = Json.MAPPER.writeValueAsBytes(content);
        c.writer().section(ArchiveFormat.VAULT, Map.of("secrets", secrets.size()), json);
        Summary summary = Summary.of(content, json.length);
        return new Outcome(
                new BackupCreateOperation.Part(
                        NAME,
                        BackupCreateOperation.PartStatus.included,
                        secrets.size(),
                        json.length,
                        "re-created with vault.create_secret on restore (new ids, the target's root key)"),
                Json.MAPPER.valueToTree(summary));
    }

    /** Asked for: an error; when reachable: skipped, with the reason. */
    private static Outcome unavailable(Boolean wanted, String reason, Exception cause) {
        if (Boolean.TRUE.equals(wanted)) {
            throw new SupaException(
                    ErrorCode.BACKUP_VAULT_UNAVAILABLE,
                    "--vault asks for the vault's secrets, but " + reason,
                    "Back up without --vault (the secrets are then left out, and the result says why), or fix the "
                            + "cause and run again. No backup file was left behind.",
                    cause);
        }
        return Outcome.skipped(NAME, reason);
    }

    private static String unreadable(SQLException e) {
        String first = PgErrors.firstLine(e.getMessage());
        if ("42501".equals(e.getSQLState())) {
            return "this login may not read vault.decrypted_secrets (" + first
                    + "): back up as the stack's postgres login or a superuser";
        }
        // "invalid ciphertext": encrypted under another root key; "invalid message": not the vault's ciphertext at all
        if (first != null && (first.contains("invalid ciphertext") || first.contains("invalid message"))) {
            return "the vault holds secrets this server's root key cannot decrypt (" + first + "): rows copied from "
                    + "another stack (a dump of vault.secrets) are unreadable here; delete them or restore them from "
                    + "their plaintext";
        }
        return "vault.decrypted_secrets cannot be read (" + first + ")";
    }

    static String extensionVersion(Connection conn) throws SQLException {
        try (PreparedStatement ps = conn.prepareStatement("SELECT extversion FROM pg_extension WHERE extname = ?")) {
            ps.setString(1, EXTENSION);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    private static List<Secret> read(Connection conn) throws SQLException {
        List<Secret> out = new ArrayList<>();
        try (Statement s = conn.createStatement();
                ResultSet rs = s.executeQuery(
                        "SELECT id::text, name, description, decrypted_secret, key_id::text, created_at, updated_at "
                                + "FROM vault.decrypted_secrets ORDER BY created_at, id")) {
            while (rs.next()) {
                out.add(new Secret(
                        rs.getString(1),
                        rs.getString(2),
                        rs.getString(3),
                        rs.getString(4),
                        rs.getString(5),
                        instant(rs.getObject(6, OffsetDateTime.class)),
                        instant(rs.getObject(7, OffsetDateTime.class))));
            }
        }
        return out;
    }

    private static Instant instant(OffsetDateTime t) {
        return t == null ? null : t.toInstant();
    }

    /** SHA-256 of the names in order, as a JSON array (a null name stays null: unambiguous). */
    static String namesSha256(List<Secret> secrets) {
        try {
            byte[] names = Json.MAPPER.writeValueAsBytes(
                    secrets.stream().map(Secret::name).toList());
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(names));
        } catch (NoSuchAlgorithmException | com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * What a restore or verify read of the part: the 'V' section as it streamed by, checked against the manifest at the
     * end, and (restore) re-created on the target.
     */
    static final class Reading {
        Content content;
        long bytes;

        /** Takes the vault's section; the others' sections are not its business. */
        void accept(ArchiveReader.Section section) throws java.io.IOException {
            if (section.type() != ArchiveFormat.VAULT) {
                return;
            }
            if (content != null) {
                throw ArchiveScan.tampered("two vault sections");
            }
            byte[] json = section.content().readAllBytes();
            try {
                content = ArchiveReader.JSON.readValue(json, Content.class);
            } catch (java.io.IOException e) {
                throw ArchiveScan.tampered(
                        "the vault section cannot be read (" + e.getClass().getSimpleName() + ")");
            }
            if (content.secrets() == null) {
                throw ArchiveScan.tampered("the vault section lists no secrets");
            }
            bytes = json.length;
        }

        /** The section and the manifest's summary agree: both absent, or the same count, names and size. */
        void check(BackupManifest manifest) {
            JsonNode node = manifest.parts().get(NAME);
            if (node == null && content == null) {
                return;
            }
            if (node == null || content == null) {
                throw ArchiveScan.tampered(
                        content == null
                                ? "the manifest lists vault secrets the archive does not hold"
                                : "the archive holds vault secrets its manifest does not list");
            }
            Summary expected;
            try {
                expected = ArchiveReader.JSON.treeToValue(node, Summary.class);
            } catch (java.io.IOException e) {
                throw ArchiveScan.tampered("the manifest's vault summary cannot be read");
            }
            Summary found = Summary.of(content, bytes);
            if (expected.secrets() != found.secrets()
                    || !Objects.equals(expected.namesSha256(), found.namesSha256())
                    || expected.bytes() != found.bytes()) {
                throw ArchiveScan.tampered(
                        "the vault section holds " + found.secrets() + " secret(s) where the manifest says "
                                + expected.secrets() + " (or their names or size differ)");
            }
        }

        /**
         * Re-creates the secrets on the target, in the restore's transaction (a dry run only checks): each with
         * {@code vault.create_secret(secret, name, description)}, so the target assigns new ids and encrypts under its
         * own root key. A name the target already holds is refused, or with clean replaced (deleted, then re-created).
         *
         * @param conn null for a dry run without a target
         * @return null when the archive holds no vault secrets and none were asked for
         */
        BackupRestoreOperation.VaultResult restore(
                Connection conn, Boolean wanted, boolean clean, boolean dryRun, OperationContext ctx) {
            if (content == null) {
                if (Boolean.TRUE.equals(wanted)) {
                    throw new SupaException(
                            ErrorCode.BACKUP_VAULT_UNAVAILABLE,
                            "--vault asks to restore vault secrets, but the backup holds none",
                            "Restore without --vault, or use a backup made with --vault --encrypt. Nothing was restored.");
                }
                return null;
            }
            int n = content.secrets().size();
            if (Boolean.FALSE.equals(wanted)) {
                return skipped(n + " secret(s) left out (--no-vault)");
            }
            if (conn == null) {
                return result(dryRun ? "would_restore" : "restored", null, List.of(), null);
            }
            try {
                if (extensionVersion(conn) == null) {
                    String reason = "the target has no " + EXTENSION + " extension";
                    if (Boolean.TRUE.equals(wanted)) {
                        throw new SupaException(
                                ErrorCode.BACKUP_VAULT_UNAVAILABLE,
                                "--vault asks to restore " + n + " vault secret(s), but " + reason,
                                "Restore into a Supabase database (its image has the vault preloaded), or without "
                                        + "--vault. Nothing was restored.");
                    }
                    return skipped(n + " secret(s) not restored: " + reason);
                }
                List<String> taken = existingNames(conn);
                if (!taken.isEmpty() && !clean) {
                    throw new SupaException(
                            ErrorCode.BACKUP_TARGET_NOT_EMPTY,
                            "The target's vault already holds secret(s) named " + String.join(", ", taken),
                            "Restore with --clean to replace them (deleted and re-created from the backup), or delete "
                                    + "them on the target, or leave the vault out with --no-vault. Nothing was restored.",
                            Map.of("secrets", taken),
                            null);
                }
                if (dryRun) {
                    return result("would_restore", null, taken, null);
                }
                if (!taken.isEmpty()) {
                    ctx.confirm("Replace " + taken.size() + " vault secret(s) the target holds ("
                            + String.join(", ", taken.subList(0, Math.min(8, taken.size())))
                            + (taken.size() > 8 ? ", …" : "") + ") with the backup's?");
                    try (PreparedStatement ps =
                            conn.prepareStatement("DELETE FROM vault.secrets WHERE name = ANY(?)")) {
                        ps.setArray(1, conn.createArrayOf("text", taken.toArray()));
                        ps.executeUpdate();
                    }
                }
                List<String> created = new ArrayList<>();
                try (PreparedStatement ps = conn.prepareStatement("SELECT vault.create_secret(?, ?, ?)::text")) {
                    for (Secret s : content.secrets()) {
                        ctx.cancellation().throwIfCancelled();
                        ps.setString(1, s.secret());
                        ps.setString(2, s.name());
                        ps.setString(3, s.description());
                        try (ResultSet rs = ps.executeQuery()) {
                            rs.next();
                            created.add(rs.getString(1));
                        }
                    }
                }
                return result("restored", created, taken, null);
            } catch (SQLException e) {
                throw new SupaException(
                        ErrorCode.BACKUP_RESTORE_FAILED,
                        "Re-creating the vault's secrets failed: " + PgErrors.firstLine(e.getMessage()),
                        "Nothing was restored (rolled back). The login needs EXECUTE on vault.create_secret (the "
                                + "stack's postgres has it) and the server its root key (supabase_vault preloaded, "
                                + "vault.getkey_script set).",
                        Map.of("sqlState", String.valueOf(e.getSQLState())),
                        e);
            }
        }

        private List<String> existingNames(Connection conn) throws SQLException {
            List<String> names = content.secrets().stream()
                    .map(Secret::name)
                    .filter(Objects::nonNull)
                    .toList();
            List<String> taken = new ArrayList<>();
            if (names.isEmpty()) {
                return taken;
            }
            Array array = conn.createArrayOf("text", names.toArray());
            try (PreparedStatement ps =
                    conn.prepareStatement("SELECT name FROM vault.secrets WHERE name = ANY(?) ORDER BY name")) {
                ps.setArray(1, array);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        taken.add(rs.getString(1));
                    }
                }
            }
            return taken;
        }

        private BackupRestoreOperation.VaultResult skipped(String note) {
            return new BackupRestoreOperation.VaultResult("skipped", 0, List.of(), List.of(), note);
        }

        /** Names and ids only: never a value. */
        private BackupRestoreOperation.VaultResult result(
                String status, List<String> newIds, List<String> replaced, String note) {
            List<BackupRestoreOperation.VaultSecret> ids = new ArrayList<>();
            for (int i = 0; i < content.secrets().size(); i++) {
                Secret s = content.secrets().get(i);
                ids.add(new BackupRestoreOperation.VaultSecret(
                        s.name(), s.id(), newIds == null ? null : newIds.get(i)));
            }
            return new BackupRestoreOperation.VaultResult(status, ids.size(), ids, replaced, note);
        }
    }
}
