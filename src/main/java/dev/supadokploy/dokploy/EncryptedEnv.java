package dev.supadokploy.dokploy;

import dev.supadokploy.errors.ErrorCode;
import dev.supadokploy.errors.SupaException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A compose env Dokploy could not decrypt. From v0.29.12 the env column is encrypted at rest (AES-256-GCM, key derived
 * from ENCRYPTION_KEY, else BETTER_AUTH_SECRET); when no key fits, Dokploy "fails open" and returns the stored
 * ciphertext {@code enc:v1:…} instead of the env (Dokploy v0.30.2: packages/server/src/db/schema/utils.ts
 * encryptedText, packages/server/src/lib/encryption.ts). Read as dotenv that is one nameless line: the stack would look
 * like "not Supabase", and saving it back would destroy the real env. So it is recognised and refused by name.
 */
public final class EncryptedEnv {
    /** Dokploy v0.30.2: packages/server/src/lib/encryption.ts ENCRYPTION_PREFIX. */
    public static final String PREFIX = "enc:v1:";

    private EncryptedEnv() {}

    public static boolean isEncrypted(String env) {
        return env != null && env.strip().startsWith(PREFIX);
    }

    /** What to tell an operator about such a stack: the cause and the way back (no ciphertext, which is of no use). */
    public static String explanation(Compose compose) {
        return "Dokploy could not decrypt the env of compose " + describe(compose)
                + ": compose.one returned the ciphertext "
                + "(enc:v1:…). Its ENCRYPTION_KEY (or, without one, BETTER_AUTH_SECRET) changed after the env was saved, "
                + "or the database was restored on another Dokploy server";
    }

    public static final String SUGGESTION =
            "Start Dokploy again with the ENCRYPTION_KEY / BETTER_AUTH_SECRET it had when the "
                    + "env was saved (or put the old server's encryption.key, from a backup made with the encryption key, in "
                    + "Dokploy's base directory); then the env reads again. Do not save a new env over it: the stack's JWT_SECRET "
                    + "and POSTGRES_PASSWORD are in the unreadable one.";

    /** Refuses an env Dokploy returned encrypted, with its own error code; a readable env passes. */
    public static void requireReadable(Compose compose) {
        if (compose != null && isEncrypted(compose.env())) {
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("applicationId", compose.composeId());
            if (compose.appName() != null) {
                details.put("appName", compose.appName());
            }
            throw new SupaException(ErrorCode.DOKPLOY_ENV_ENCRYPTED, explanation(compose), SUGGESTION, details, null);
        }
    }

    private static String describe(Compose compose) {
        return (compose.name() == null ? "" : "'" + compose.name() + "' ") + "(" + compose.composeId()
                + (compose.appName() == null ? "" : ", appName " + compose.appName()) + ")";
    }
}
