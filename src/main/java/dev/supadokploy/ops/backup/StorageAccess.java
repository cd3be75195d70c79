package dev.supadokploy.ops.backup;

import dev.supadokploy.backup.store.S3Settings;
import dev.supadokploy.config.Secret;
import dev.supadokploy.errors.ErrorCode;
import dev.supadokploy.errors.SupaException;
import dev.supadokploy.ops.OperationContext;
import dev.supadokploy.ops.connection.StorageInput;
import java.net.URI;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Storage's S3 protocol endpoint ({@code <public URL>/storage/v1/s3}) as a backup reaches it: the URL and keys from the
 * input, else from the environment under the stack's own names. The keys are references (env:, file:) resolved here and
 * sent only to that URL. storage-api checks SigV4 against the host of its STORAGE_PUBLIC_URL, so the URL must be the
 * public one (the same server by another name answers 403 SignatureDoesNotMatch).
 */
record StorageAccess(URI endpoint, String keyId, Secret secretKey) {
    static final String URL_ENV = "SUPABASE_PUBLIC_URL";
    static final String KEY_ID_ENV = "S3_PROTOCOL_ACCESS_KEY_ID";
    static final String SECRET_ENV = "S3_PROTOCOL_ACCESS_KEY_SECRET";

    /** Why Storage cannot be reached, or the access; exactly one is set. */
    record Resolution(StorageAccess access, String missing) {}

    static Resolution resolve(StorageInput input, OperationContext ctx) {
        StorageInput in = input == null ? StorageInput.none() : input;
        String url = in.storageUrl() != null ? in.storageUrl() : ctx.env().get(URL_ENV);
        if (url == null || url.isBlank()) {
            return new Resolution(null, "no Storage URL (--storage-url, or " + URL_ENV + ")");
        }
        String idRef = in.storageKeyId() != null ? in.storageKeyId() : envRef(ctx, KEY_ID_ENV);
        String secretRef = in.storageSecretKey() != null ? in.storageSecretKey() : envRef(ctx, SECRET_ENV);
        if (idRef == null || secretRef == null) {
            return new Resolution(
                    null,
                    "no S3 protocol keys for Storage (--storage-key-id and --storage-secret-key, or " + KEY_ID_ENV
                            + " and " + SECRET_ENV + ")");
        }
        Secret id = ctx.secrets().resolve(idRef, "storageKeyId");
        Secret secret = ctx.secrets().resolve(secretRef, "storageSecretKey");
        return new Resolution(new StorageAccess(s3Endpoint(url), id.reveal(), secret), null);
    }

    private static String envRef(OperationContext ctx, String name) {
        return ctx.env().get(name) != null ? "env:" + name : null;
    }

    /** The public URL, its /storage/v1 or its /storage/v1/s3: the S3 endpoint. */
    static URI s3Endpoint(String url) {
        String u = url.strip().replaceAll("/+$", "");
        if (!u.startsWith("http://") && !u.startsWith("https://")) {
            throw SupaException.invalidInput(
                    "The Storage URL must be http:// or https://, not " + u,
                    "Give the stack's public URL, e.g. https://supabase.example.com.");
        }
        if (u.endsWith("/storage/v1/s3")) {
            return URI.create(u);
        }
        return URI.create(u.endsWith("/storage/v1") ? u + "/s3" : u + "/storage/v1/s3");
    }

    /**
     * A client for this endpoint ({@link S3Settings#client()}: the same as for off-site archives).
     */
    S3Client client() {
        // path-style: Storage serves buckets as paths; any region: storage-api accepts any
        return new S3Settings(endpoint, "us-east-1", true, keyId, secretKey, "Storage at " + endpoint).client();
    }

    /** What Storage answered, in words an operator can act on. */
    String explain(Exception e) {
        if (e instanceof AwsServiceException s) {
            String code =
                    s.awsErrorDetails() == null ? null : s.awsErrorDetails().errorCode();
            return "Storage at " + endpoint + " answered HTTP " + s.statusCode() + (code == null ? "" : " " + code)
                    + (s.statusCode() == 403
                            ? " (the S3 keys are wrong, or the URL is not Storage's public URL: it checks signatures against "
                                    + "that host)"
                            : "");
        }
        if (e instanceof SdkClientException c) {
            return "Storage at " + endpoint + " cannot be reached: " + c.getMessage();
        }
        return "Storage at " + endpoint + ": " + e.getMessage();
    }

    SupaException failure(String what, Exception e) {
        return new SupaException(
                ErrorCode.BACKUP_STORAGE_FAILED,
                what + ": " + explain(e),
                "Check --storage-url (the stack's public URL) and the S3 protocol keys (S3_PROTOCOL_ACCESS_KEY_ID/SECRET of "
                        + "the stack's env); without --objects a backup skips objects it cannot reach.",
                e);
    }
}
