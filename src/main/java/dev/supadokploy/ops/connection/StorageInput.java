package dev.supadokploy.ops.connection;

import dev.supadokploy.ops.Doc;

/**
 * How a caller names a Supabase Storage: its public URL and the stack's S3 protocol keys, as references. Flattened into
 * the MCP tool arguments like {@link ConnectionInput}. Not given, the environment's SUPABASE_PUBLIC_URL,
 * S3_PROTOCOL_ACCESS_KEY_ID and S3_PROTOCOL_ACCESS_KEY_SECRET (the names of the stack's own .env) stand in.
 */
public record StorageInput(
        @Doc("Storage's public URL: the stack's SUPABASE_PUBLIC_URL (https://supabase.example.com) or its /storage/v1 "
                + "URL; objects go through <URL>/storage/v1/s3 (default: $SUPABASE_PUBLIC_URL)")
        String storageUrl,

        @Doc(
                value =
                        "The stack's S3_PROTOCOL_ACCESS_KEY_ID, as env:NAME or file:PATH (default: env:S3_PROTOCOL_ACCESS_KEY_ID)",
                secret = true,
                reference = true)
        String storageKeyId,

        @Doc(
                value =
                        "The stack's S3_PROTOCOL_ACCESS_KEY_SECRET, as env:NAME or file:PATH (default: env:S3_PROTOCOL_ACCESS_KEY_SECRET)",
                secret = true,
                reference = true)
        String storageSecretKey) {

    public static StorageInput none() {
        return new StorageInput(null, null, null);
    }
}
