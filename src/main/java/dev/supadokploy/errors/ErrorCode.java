package dev.supadokploy.errors;

/**
 * Every error code the tool can report. The name is the stable, machine-readable code; its prefix
 * names the family, which decides the exit code.
 */
public enum ErrorCode {
    INTERNAL_ERROR(ErrorFamily.INTERNAL),
    INTERRUPTED(ErrorFamily.INTERNAL),

    CONNECTION_MISSING(ErrorFamily.CONNECTION),
    CONNECTION_INVALID_URL(ErrorFamily.CONNECTION),
    CONNECTION_UNKNOWN_HOST(ErrorFamily.CONNECTION),
    CONNECTION_REFUSED(ErrorFamily.CONNECTION),
    CONNECTION_TIMEOUT(ErrorFamily.CONNECTION),
    CONNECTION_AUTH_FAILED(ErrorFamily.CONNECTION),
    CONNECTION_PASSWORD_REQUIRED(ErrorFamily.CONNECTION),
    CONNECTION_TLS_REQUIRED(ErrorFamily.CONNECTION),
    CONNECTION_TLS_UNAVAILABLE(ErrorFamily.CONNECTION),
    CONNECTION_REJECTED(ErrorFamily.CONNECTION),
    CONNECTION_UNKNOWN_DATABASE(ErrorFamily.CONNECTION),
    CONNECTION_POOLER_TENANT(ErrorFamily.CONNECTION),
    CONNECTION_LIMIT_REACHED(ErrorFamily.CONNECTION),
    CONNECTION_LOST(ErrorFamily.CONNECTION),
    CONNECTION_FAILED(ErrorFamily.CONNECTION),

    DOKPLOY_UNAUTHORIZED(ErrorFamily.DOKPLOY),
    DOKPLOY_NOT_FOUND(ErrorFamily.DOKPLOY),
    DOKPLOY_SERVER_ERROR(ErrorFamily.DOKPLOY),
    DOKPLOY_FORBIDDEN(ErrorFamily.DOKPLOY),
    /** Dokploy places services on a remote server only (Dokploy Cloud, or "remote servers only"), and none was named. */
    DOKPLOY_SERVER_REQUIRED(ErrorFamily.DOKPLOY),
    /** The logs WebSocket was closed with 4003: the key's user lacks the docker permission or access to the service. */
    DOKPLOY_LOGS_FORBIDDEN(ErrorFamily.DOKPLOY),
    DOKPLOY_INVALID_RESPONSE(ErrorFamily.DOKPLOY),
    DOKPLOY_UNSUPPORTED_VERSION(ErrorFamily.DOKPLOY),
    /** A mutation whose request was sent but whose answer never came: it may or may not have been applied. */
    DOKPLOY_OUTCOME_UNKNOWN(ErrorFamily.DOKPLOY),
    /** A deploy Dokploy ran ended in {@code error}. */
    DOKPLOY_DEPLOY_FAILED(ErrorFamily.DOKPLOY),
    /** Dokploy marked the deploy {@code cancelled} (it restarted mid-deploy: initCancelDeployments). */
    DOKPLOY_DEPLOY_CANCELLED(ErrorFamily.DOKPLOY),
    /** The deploy finished but the stack's containers did not all turn healthy in time. */
    DOKPLOY_STACK_UNHEALTHY(ErrorFamily.DOKPLOY),
    /** The stack runs but its public endpoints fail with the keys we hold. */
    DOKPLOY_PROBE_FAILED(ErrorFamily.DOKPLOY),
    /** compose.one returned the env as ciphertext ({@code enc:v1:…}): Dokploy's ENCRYPTION_KEY/BETTER_AUTH_SECRET changed. */
    DOKPLOY_ENV_ENCRYPTED(ErrorFamily.DOKPLOY),
    /** A Supabase compose left half-made by a template deploy that stopped early (no domain, file mounts missing). */
    DOKPLOY_STACK_INCOMPLETE(ErrorFamily.DOKPLOY),
    /** compose.deployTemplate could not fetch the template from its base URL (no internet, wrong mirror). */
    DOKPLOY_TEMPLATE_UNAVAILABLE(ErrorFamily.DOKPLOY),

    VALIDATION_INVALID_INPUT(ErrorFamily.VALIDATION),
    VALIDATION_MISSING_INPUT(ErrorFamily.VALIDATION),
    VALIDATION_CONFIRMATION_REQUIRED(ErrorFamily.VALIDATION),
    VALIDATION_REJECTED_BY_SERVER(ErrorFamily.VALIDATION),
    /** The stack's compose does not hand JWT_JWKS to every JWT-verifying service, so asymmetric keys would be half-wired. */
    VALIDATION_KEYS_UNWIRED(ErrorFamily.VALIDATION),
    /** A promotion would change the db image's Postgres major, which its data directory cannot follow. */
    VALIDATION_POSTGRES_MAJOR_CHANGE(ErrorFamily.VALIDATION),
    /** A promotion would move an image without the files it mounts (e.g. Kong 2.8 → 3.9 and kong-entrypoint.sh). */
    VALIDATION_MOUNTS_DIFFER(ErrorFamily.VALIDATION),

    CONFIGURATION_NOT_FOUND(ErrorFamily.CONFIGURATION),
    CONFIGURATION_INVALID(ErrorFamily.CONFIGURATION),
    CONFIGURATION_UNKNOWN_INSTANCE(ErrorFamily.CONFIGURATION),
    CONFIGURATION_SECRET_UNRESOLVED(ErrorFamily.CONFIGURATION),
    CONFIGURATION_INSECURE_FILE(ErrorFamily.CONFIGURATION),

    QUERY_FAILED(ErrorFamily.QUERY),
    QUERY_SYNTAX_ERROR(ErrorFamily.QUERY),
    QUERY_READ_ONLY(ErrorFamily.QUERY),
    QUERY_PERMISSION_DENIED(ErrorFamily.QUERY),
    QUERY_ROLE_NOT_ALLOWED(ErrorFamily.QUERY),
    /** Agent SQL on a superuser or otherwise privileged login, refused before it ran (mcp --allow-privileged-login lifts it). */
    QUERY_PRIVILEGED_LOGIN(ErrorFamily.QUERY),
    QUERY_TIMEOUT(ErrorFamily.QUERY),
    QUERY_PARAMETER_MISMATCH(ErrorFamily.QUERY),

    /** The file is not a supa-dokploy backup (no magic at its start). */
    BACKUP_NOT_AN_ARCHIVE(ErrorFamily.BACKUP),
    /** The archive's format version is one this build does not read (made by a newer or unknown release). */
    BACKUP_UNSUPPORTED_VERSION(ErrorFamily.BACKUP),
    /** The archive is encrypted and no key was given. */
    BACKUP_KEY_REQUIRED(ErrorFamily.BACKUP),
    /** The key or passphrase given is not the one the archive was encrypted with. */
    BACKUP_WRONG_KEY(ErrorFamily.BACKUP),
    /** A byte of the archive changed: a segment failed authentication, or the trailer's SHA-256 differs. */
    BACKUP_TAMPERED(ErrorFamily.BACKUP),
    /** The archive ends early: its last segment or its trailer is missing. */
    BACKUP_TRUNCATED(ErrorFamily.BACKUP),
    /** Writing the archive failed (disk full, permissions); no archive was left behind. */
    BACKUP_WRITE_FAILED(ErrorFamily.BACKUP),
    /** restore: the target already holds objects in the archive's schemas. */
    BACKUP_TARGET_NOT_EMPTY(ErrorFamily.BACKUP),
    /** restore: the rows loaded differ from the manifest's counts or checksums (rolled back). */
    BACKUP_CHECKSUM_MISMATCH(ErrorFamily.BACKUP),
    /** restore: the target refused a statement or rows (rolled back). */
    BACKUP_RESTORE_FAILED(ErrorFamily.BACKUP),
    /** restore by backup id: no archive of the directory has that id (or prefix), or several do (listed). */
    BACKUP_NOT_FOUND(ErrorFamily.BACKUP),
    /** verify --restore-to: the restored database's schema differs from the archived catalog (the diff in the details). */
    BACKUP_SCHEMA_MISMATCH(ErrorFamily.BACKUP),
    /** A backup location is a URL of a scheme this build cannot write or read (gs://, https://…; s3:// works): refused at once. */
    BACKUP_LOCATION_UNSUPPORTED(ErrorFamily.BACKUP),
    /** Vault secrets or a stack's env asked into a backup that is not encrypted: refused, they are never written in clear. */
    BACKUP_NEEDS_ENCRYPTION(ErrorFamily.BACKUP),
    /** create: another backup create to the same location is running on this host (its pid and start in the message). */
    BACKUP_LOCKED(ErrorFamily.BACKUP),
    /**
     * Vault secrets asked for (--vault) but not readable: no supabase_vault extension, a login that may not read
     * vault.decrypted_secrets, or secrets this server's root key cannot decrypt; on restore, a target without the vault.
     */
    BACKUP_VAULT_UNAVAILABLE(ErrorFamily.BACKUP),
    /** An S3 backup location's bucket does not exist (nothing was written). */
    BACKUP_STORE_NOT_FOUND(ErrorFamily.BACKUP),
    /** The S3 store refused the credentials (a wrong secret key, a key without access to the bucket). */
    BACKUP_STORE_DENIED(ErrorFamily.BACKUP),
    /** The S3 store could not be reached or the connection dropped; an unfinished upload is aborted, never listed. */
    BACKUP_STORE_UNREACHABLE(ErrorFamily.BACKUP),
    /** backup list --max-age: the newest verified backup is older than that, or there is none. */
    BACKUP_STALE(ErrorFamily.BACKUP),
    /** Storage's objects cannot be read or written: Storage unreachable, its S3 keys refused, a bucket missing. */
    BACKUP_STORAGE_FAILED(ErrorFamily.BACKUP),
    /** An object's bytes changed (or it was deleted) while the backup read it: its row in the snapshot no longer matches. */
    BACKUP_OBJECT_CHANGED(ErrorFamily.BACKUP),

    /** migrate data: source tables missing on the target (without --create-tables), listed in the details. */
    MIGRATION_TABLES_MISSING(ErrorFamily.MIGRATION),
    /** migrate data: a source column is missing or generated on the target, or a target column needs a value. */
    MIGRATION_COLUMNS_MISMATCH(ErrorFamily.MIGRATION),
    /** migrate data: target tables hold rows and neither --truncate nor --append was given. */
    MIGRATION_TARGET_NOT_EMPTY(ErrorFamily.MIGRATION),
    /** migrate data: creating the missing target tables failed (nothing was created). */
    MIGRATION_CREATE_FAILED(ErrorFamily.MIGRATION),
    /** migrate data: the target refused rows (constraint, disk full, type) or a copy failed; completed parts are kept. */
    MIGRATION_COPY_FAILED(ErrorFamily.MIGRATION),
    /** sync-schema / promote: the plan holds hazardous changes and allowHazards was not given; nothing was changed. */
    MIGRATION_HAZARDS_NOT_ALLOWED(ErrorFamily.MIGRATION),
    /** sync-schema / promote: the target refused a statement; the transaction was rolled back, nothing changed. */
    MIGRATION_APPLY_FAILED(ErrorFamily.MIGRATION),
    /** sync-schema / promote: a statement waited past the lock timeout for a lock another session holds (rolled back). */
    MIGRATION_LOCK_TIMEOUT(ErrorFamily.MIGRATION),
    /** promote: a pre-flight check failed (connections near the limit, locks on tables to change, server versions). */
    MIGRATION_PREFLIGHT_FAILED(ErrorFamily.MIGRATION);

    private final ErrorFamily family;

    ErrorCode(ErrorFamily family) {
        this.family = family;
    }

    public ErrorFamily family() {
        return family;
    }
}
