package dev.supadokploy.backup.store;

import dev.supadokploy.errors.ErrorCode;
import dev.supadokploy.errors.SupaException;
import dev.supadokploy.util.Background;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedMultipartUpload;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Archives as objects under {@code s3://bucket/prefix/}. An archive is a multipart upload streamed from the writer
 * (parts of {@link #PART_SIZE}, one filling while the one before uploads, each with its Content-MD5 so the store
 * checks it), aborted on any failure; when it completes, a small marker object {@code NAME.done} is written LAST. Only archives with their marker
 * are listed, so a cut upload is never taken for a backup.
 */
public final class S3ArchiveStore implements ArchiveStore {
    /** The marker written after the archive. */
    public static final String MARKER = "done";
    /** 8 MiB: above S3's 5 MiB minimum part, 10,000 parts reach 80 GiB; an upload holds two. */
    public static final int PART_SIZE = 8 * 1024 * 1024;

    private final S3Client client;
    private final String bucket;
    private final String prefix;
    private final S3Settings settings;

    public S3ArchiveStore(S3Settings settings, String bucket, String prefix) {
        this.settings = settings;
        this.bucket = bucket;
        this.prefix = prefix == null || prefix.isEmpty() ? "" : prefix.endsWith("/") ? prefix : prefix + "/";
        this.client = settings.client();
    }

    private String key(String name) {
        return prefix + name;
    }

    @Override
    public String location() {
        return "s3://" + bucket + "/" + prefix;
    }

    @Override
    public String locate(String name) {
        return location() + name;
    }

    @Override
    public Pending create(String name) {
        if (exists(key(name)) || exists(key(name + "." + MARKER))) {
            throw SupaException.invalidInput(
                    locate(name) + " already exists", "Choose another --output-path, or give a prefix ending in /.");
        }
        String uploadId = call(
                "start the upload of " + locate(name),
                () -> client.createMultipartUpload(b -> b.bucket(bucket).key(key(name)))
                        .uploadId());
        return new Upload(name, uploadId);
    }

    private boolean exists(String key) {
        try {
            client.headObject(b -> b.bucket(bucket).key(key));
            return true;
        } catch (NoSuchKeyException e) {
            return false;
        } catch (S3Exception e) {
            if (e.statusCode() == 404 && !isNoSuchBucket(e)) {
                return false;
            }
            throw failure("read " + location(), e);
        } catch (SdkException e) {
            throw failure("read " + location(), e);
        }
    }

    /**
     * A multipart upload fed by the writer: two part buffers, one filling while the other uploads on a thread of its
     * own, so reading the database and sending to the store overlap; memory stays at two parts.
     */
    private final class Upload extends OutputStream implements Pending {
        private final String name;
        private final String uploadId;
        private final List<CompletedPart> parts = new ArrayList<>();
        private byte[] buffer = new byte[PART_SIZE];
        private byte[] spare = new byte[PART_SIZE];
        private int filled;
        private long size;
        private CompletableFuture<CompletedPart> inFlight;
        private boolean done;

        Upload(String name, String uploadId) {
            this.name = name;
            this.uploadId = uploadId;
        }

        @Override
        public OutputStream stream() {
            return this;
        }

        @Override
        public void write(int b) {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) {
            while (len > 0) {
                int n = Math.min(len, buffer.length - filled);
                System.arraycopy(b, off, buffer, filled, n);
                filled += n;
                off += n;
                len -= n;
                if (filled == buffer.length) {
                    sendPart();
                }
            }
        }

        /** Waits for the part in flight (its failure is this write's), then sends the full buffer in the background. */
        private void sendPart() {
            awaitInFlight();
            int number = parts.size() + 1;
            byte[] bytes = buffer;
            int length = filled;
            inFlight = Background.supply("s3-upload", () -> uploadPart(number, bytes, length));
            size += length;
            buffer = spare;
            spare = bytes;
            filled = 0;
        }

        private void awaitInFlight() {
            if (inFlight == null) {
                return;
            }
            try {
                parts.add(inFlight.join());
            } catch (CompletionException e) {
                throw e.getCause() instanceof RuntimeException r ? r : e;
            } finally {
                inFlight = null;
            }
        }

        private CompletedPart uploadPart(int number, byte[] bytes, int length) {
            String md5 = Base64.getEncoder().encodeToString(md5(bytes, length));
            String etag = call(
                    "upload part " + number + " of " + locate(name),
                    () -> client.uploadPart(
                                    b -> b.bucket(bucket)
                                            .key(key(name))
                                            .uploadId(uploadId)
                                            .partNumber(number)
                                            .contentLength((long) length)
                                            .contentMD5(md5),
                                    RequestBody.fromInputStream(new ByteArrayInputStream(bytes, 0, length), length))
                            .eTag());
            return CompletedPart.builder().partNumber(number).eTag(etag).build();
        }

        @Override
        public long commit(byte[] marker) {
            awaitInFlight();
            if (filled > 0 || parts.isEmpty()) {
                parts.add(uploadPart(parts.size() + 1, buffer, filled));
                size += filled;
                filled = 0;
            }
            buffer = null;
            spare = null;
            call(
                    "complete the upload of " + locate(name),
                    () -> client.completeMultipartUpload(b -> b.bucket(bucket)
                            .key(key(name))
                            .uploadId(uploadId)
                            .multipartUpload(CompletedMultipartUpload.builder()
                                    .parts(parts)
                                    .build())));
            done = true;
            long stored = call(
                    "read back " + locate(name),
                    () -> client.headObject(b -> b.bucket(bucket).key(key(name)))
                            .contentLength());
            if (stored != size) {
                throw new SupaException(
                        ErrorCode.BACKUP_WRITE_FAILED,
                        "The store holds " + stored + " bytes of " + locate(name) + ", " + size + " were sent",
                        "The upload was not listed (no marker); delete the object and run the backup again.");
            }
            putSmall(name + "." + MARKER, marker);
            return size;
        }

        @Override
        public void close() {
            if (done) {
                return;
            }
            done = true;
            if (inFlight != null) {
                inFlight.handle((part, failure) -> null).join(); // let it end before the upload is aborted
            }
            buffer = null;
            spare = null;
            try {
                client.abortMultipartUpload(b -> b.bucket(bucket).key(key(name)).uploadId(uploadId));
            } catch (SdkException ignored) {
                // the store unreachable: the upload is never completed, nothing is listed; a lifecycle rule
                // (AbortIncompleteMultipartUpload) reclaims its parts
            }
        }
    }

    private void putSmall(String name, byte[] content) {
        String md5 = Base64.getEncoder().encodeToString(md5(content, content.length));
        call(
                "write " + locate(name),
                () -> client.putObject(
                        b -> b.bucket(bucket).key(key(name)).contentMD5(md5).contentLength((long) content.length),
                        RequestBody.fromBytes(content)));
    }

    /** One small listing: the same bucket, credentials and endpoint an upload needs. */
    @Override
    public void probe() {
        call(
                "reach " + location(),
                () -> client.listObjectsV2(b -> b.bucket(bucket).prefix(prefix).maxKeys(1)));
    }

    @Override
    public InputStream open(String name) {
        return call(
                "read " + locate(name),
                () -> client.getObject(b -> b.bucket(bucket).key(key(name))));
    }

    @Override
    public InputStream openStart(String name, long bytes) {
        return call(
                "read " + locate(name),
                () -> client.getObject(b -> b.bucket(bucket).key(key(name)).range("bytes=0-" + (bytes - 1))));
    }

    @Override
    public long size(String name) {
        return call(
                "read " + locate(name),
                () -> client.headObject(b -> b.bucket(bucket).key(key(name))).contentLength());
    }

    /** The objects right under the prefix (not deeper) that have their marker. */
    @Override
    public List<String> list() {
        Set<String> names = new HashSet<>();
        call("list " + location(), () -> {
            for (S3Object o : client.listObjectsV2Paginator(ListObjectsV2Request.builder()
                            .bucket(bucket)
                            .prefix(prefix)
                            .delimiter("/")
                            .build())
                    .contents()) {
                names.add(o.key().substring(prefix.length()));
            }
            return null;
        });
        String suffix = "." + MARKER;
        return names.stream()
                .filter(n -> n.endsWith(suffix))
                .map(n -> n.substring(0, n.length() - suffix.length()))
                .filter(names::contains)
                .sorted()
                .toList();
    }

    @Override
    public void delete(String name) {
        for (String n : List.of(name + "." + MARKER, name, name + "." + VERIFIED)) {
            call(
                    "delete " + locate(n),
                    () -> client.deleteObject(b -> b.bucket(bucket).key(key(n))));
        }
    }

    @Override
    public Optional<byte[]> readSide(String name, String kind) {
        try {
            return Optional.of(client.getObjectAsBytes(b -> b.bucket(bucket).key(key(name + "." + kind)))
                    .asByteArray());
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        } catch (SdkException e) {
            throw failure("read " + locate(name + "." + kind), e);
        }
    }

    @Override
    public void writeSide(String name, String kind, byte[] content) {
        putSmall(name + "." + kind, content);
    }

    @Override
    public void close() {
        client.close();
    }

    private interface Call<T> {
        T run();
    }

    private <T> T call(String what, Call<T> call) {
        try {
            return call.run();
        } catch (SdkException e) {
            throw failure(what, e);
        }
    }

    private static boolean isNoSuchBucket(S3Exception e) {
        return e.awsErrorDetails() != null
                && "NoSuchBucket".equals(e.awsErrorDetails().errorCode());
    }

    /**
     * What the store answered, as an error with its code and a way out. Messages name the bucket and the endpoint,
     * never a key: an S3 error text holds neither.
     */
    SupaException failure(String what, SdkException e) {
        String endpoint =
                settings.endpoint() == null ? "AWS S3" : settings.endpoint().toString();
        String from = " (settings from " + settings.origin() + ", endpoint " + endpoint + ")";
        if (e instanceof NoSuchKeyException) {
            return new SupaException(
                    ErrorCode.BACKUP_NOT_FOUND,
                    "Cannot " + what + ": no such object",
                    "List the backups there with supa-dokploy backup list " + location() + ".",
                    e);
        }
        if (e instanceof S3Exception s3) {
            String code =
                    s3.awsErrorDetails() == null ? null : s3.awsErrorDetails().errorCode();
            if (isNoSuchBucket(s3)) {
                return new SupaException(
                        ErrorCode.BACKUP_STORE_NOT_FOUND,
                        "Cannot " + what + ": the bucket " + bucket + " does not exist" + from,
                        "Create the bucket (or fix its name in the URL); nothing was written.",
                        e);
            }
            if (s3.statusCode() == 403 || s3.statusCode() == 401) {
                return new SupaException(
                        ErrorCode.BACKUP_STORE_DENIED,
                        "Cannot " + what + ": the store refused the credentials ("
                                + (code == null ? s3.statusCode() : code) + ")" + from,
                        "Check the access key id and secret access key of that destination (and that the key may read and "
                                + "write the bucket); nothing was written.",
                        e);
            }
            return new SupaException(
                    ErrorCode.BACKUP_WRITE_FAILED,
                    "Cannot " + what + ": the store answered " + s3.statusCode() + (code == null ? "" : " " + code)
                            + from,
                    "Check the store and run again; an unfinished upload is never listed as a backup.",
                    e);
        }
        String cause = e instanceof SdkClientException && e.getCause() != null
                ? e.getCause().getClass().getSimpleName() + ": " + e.getCause().getMessage()
                : e.getMessage();
        return new SupaException(
                ErrorCode.BACKUP_STORE_UNREACHABLE,
                "Cannot " + what + ": the connection to the store failed (" + cause + ")" + from,
                "Check the endpoint and the network, then run again; an unfinished upload is aborted and never listed.",
                e);
    }

    private static byte[] md5(byte[] bytes, int length) {
        try {
            MessageDigest md5 = MessageDigest.getInstance("MD5");
            md5.update(bytes, 0, length);
            return md5.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
