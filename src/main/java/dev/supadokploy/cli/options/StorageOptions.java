package dev.supadokploy.cli.options;

import dev.supadokploy.ops.connection.StorageInput;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Which Supabase Storage a backup reads objects from or a restore writes them to: URL and S3 keys as references. */
public final class StorageOptions {
    @Option(names = "--storage-url", paramLabel = "URL")
    String storageUrl;

    @Option(names = "--storage-key-id", paramLabel = "REF")
    String storageKeyId;

    @Option(names = "--storage-secret-key", paramLabel = "REF")
    String storageSecretKey;

    @Option(names = "--storage-key-id-file", paramLabel = "FILE", description = "Same as --storage-key-id file:FILE.")
    Path storageKeyIdFile;

    @Option(
            names = "--storage-secret-key-file",
            paramLabel = "FILE",
            description = "Same as --storage-secret-key file:FILE.")
    Path storageSecretKeyFile;

    /** The keys are references (env:NAME, file:PATH, -): never values on argv. */
    public StorageInput toInput() {
        return new StorageInput(
                storageUrl,
                KeyOptions.toInput("--storage-key-id", storageKeyId, storageKeyIdFile),
                KeyOptions.toInput("--storage-secret-key", storageSecretKey, storageSecretKeyFile));
    }
}
