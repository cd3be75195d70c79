package dev.supadokploy.backup.store;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import java.util.Optional;

/**
 * Where archives live: a local directory ({@link LocalArchiveStore}) or an S3 bucket prefix ({@link S3ArchiveStore}).
 * The writer and reader see only this: a pending archive that becomes visible when committed, a stream to read, and
 * small side objects beside an archive (its verified mark). Names are plain file names, no slashes.
 */
public interface ArchiveStore extends AutoCloseable {
    /** The side object that records a passing {@code backup verify} (JSON). */
    String VERIFIED = "verified";

    /** The location as the user names it: {@code /var/backups} or {@code s3://bucket/prefix/}. */
    String location();

    /** One archive's location, as errors and results show it. */
    String locate(String name);

    /**
     * A new archive under {@code name}, invisible until {@link Pending#commit(byte[])}; closing it uncommitted
     * removes everything written.
     *
     * @throws dev.supadokploy.errors.SupaException when {@code name} exists already
     */
    Pending create(String name) throws IOException;

    /** The archive's bytes, streamed. */
    InputStream open(String name) throws IOException;

    /** At most the first {@code bytes} of the archive (its preamble, for a listing): on S3 a ranged request. */
    default InputStream openStart(String name, long bytes) throws IOException {
        return open(name);
    }

    long size(String name) throws IOException;

    /** The committed archives' names, sorted (an S3 upload whose marker is missing is not one). */
    List<String> list() throws IOException;

    /** Removes the archive and its side objects (the marker first, so it stops being listed at once). */
    void delete(String name) throws IOException;

    Optional<byte[]> readSide(String name, String kind) throws IOException;

    /** Writes (or replaces) a small side object beside {@code name}; locally mode 0600. */
    void writeSide(String name, String kind, byte[] content) throws IOException;

    /**
     * Fails now (a missing bucket, refused credentials, an unreachable endpoint) rather than after a long backup has
     * read the database; a local directory is checked when written.
     */
    default void probe() {}

    @Override
    default void close() {}

    /** An archive being written. */
    interface Pending extends AutoCloseable {
        OutputStream stream();

        /**
         * Makes the archive visible: locally fsync and rename; on S3 complete the upload, then write the marker
         * ({@code marker}, a small JSON) last.
         *
         * @return its size in bytes
         */
        long commit(byte[] marker) throws IOException;

        /** Uncommitted: removes what was written (the temporary file, the multipart upload). */
        @Override
        void close();
    }
}
