package dev.supadokploy.ops.backup;

import dev.supadokploy.backup.ArchiveFormat;
import dev.supadokploy.backup.ArchiveHeader;
import dev.supadokploy.backup.ArchiveReader;
import dev.supadokploy.backup.ArchivedSchema;
import dev.supadokploy.backup.BackupManifest;
import dev.supadokploy.backup.TableSection;
import dev.supadokploy.errors.ErrorCode;
import dev.supadokploy.errors.SupaException;
import dev.supadokploy.pg.copy.RowChecksum;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One pass over an archive, as verify and restore both need it: the schema first, each table's rows (counted here —
 * a text COPY row ends at its one unescaped newline — and handed to a sink), the manifest, the end and the trailer;
 * then every table checked against the manifest. A sink that loads rows also returns their checksum, and it must
 * equal the one the source computed.
 */
final class ArchiveScan {
    interface Sink {
        /** Called once with the schema, before any rows. */
        void schema(ArchivedSchema schema) throws Exception;

        /** Consumes a table's rows; returns the checksum of what it loaded, or null when it loads nothing. */
        RowChecksum table(TableSection table, InputStream rows) throws Exception;

        /**
         * An instance part's section ('O' object, 'V' vault, 'C' config: format 3), after the tables and before the
         * manifest; what is not read of its content is skipped. The part checks it against the manifest's summary at
         * the end.
         */
        default void part(ArchiveReader.Section section) throws Exception {}
    }

    record Scanned(
            ArchiveHeader header,
            ArchivedSchema schema,
            BackupManifest manifest,
            List<TableRead> tables,
            ArchiveReader.Finished finished) {}

    record TableRead(TableSection section, long rows, long bytes, RowChecksum loaded) {}

    private ArchiveScan() {}

    static Scanned scan(ArchiveReader reader, Sink sink) throws Exception {
        ArchiveReader.Section first = reader.next();
        if (first.type() != ArchiveFormat.SCHEMA) {
            throw tampered("the body does not start with the schema");
        }
        ArchivedSchema schema = first.json(ArchivedSchema.class);
        sink.schema(schema);
        List<TableRead> tables = new ArrayList<>();
        BackupManifest manifest = null;
        while (true) {
            ArchiveReader.Section s = reader.next();
            if (s.type() == ArchiveFormat.END) {
                break;
            }
            if (manifest != null) {
                throw tampered("a section follows the manifest");
            }
            if (s.type() == ArchiveFormat.DATA) {
                TableSection t = s.meta(TableSection.class);
                CountingRows counted = new CountingRows(s.content());
                RowChecksum loaded = sink.table(t, counted);
                counted.transferTo(java.io.OutputStream.nullOutputStream());
                tables.add(new TableRead(t, counted.rows, counted.bytes, loaded));
            } else if (s.type() == ArchiveFormat.OBJECT
                    || s.type() == ArchiveFormat.VAULT
                    || s.type() == ArchiveFormat.CONFIG) {
                if (reader.header().formatVersion() < 3) {
                    throw tampered("an instance part's section in a format "
                            + reader.header().formatVersion() + " archive");
                }
                sink.part(s);
            } else if (s.type() == ArchiveFormat.MANIFEST) {
                manifest = s.json(BackupManifest.class);
            } else {
                throw tampered("unknown section type " + (char) s.type());
            }
        }
        ArchiveReader.Finished finished = reader.finish();
        if (manifest == null) {
            throw tampered("the manifest is missing");
        }
        check(manifest, tables, reader.header());
        return new Scanned(reader.header(), schema, manifest, tables, finished);
    }

    /** Same tables in the same order, as many rows and bytes as the source streamed, and loaded checksums equal. */
    private static void check(BackupManifest manifest, List<TableRead> tables, ArchiveHeader header) {
        if (!header.backupId().equals(manifest.backupId()) || manifest.tables().size() != tables.size()) {
            throw tampered("the manifest does not describe the sections");
        }
        for (int i = 0; i < tables.size(); i++) {
            BackupManifest.Table m = manifest.tables().get(i);
            TableRead t = tables.get(i);
            if (!m.table().equals(t.section().table()) || m.rows() != t.rows() || m.bytes() != t.bytes()) {
                throw tampered("table " + t.section().table() + " holds " + t.rows() + " rows where the manifest says "
                        + m.rows());
            }
            if (t.loaded() != null
                    && (t.loaded().rows() != m.rows() || !t.loaded().hex().equals(m.checksum()))) {
                throw new SupaException(
                        ErrorCode.BACKUP_CHECKSUM_MISMATCH,
                        "The rows restored into " + m.table() + " differ from the backup's: "
                                + t.loaded().rows() + " rows, checksum "
                                + t.loaded().hex() + ", where the source had " + m.rows() + " rows, checksum "
                                + m.checksum(),
                        "Nothing was restored (rolled back). The target's types or settings change how rows read (a different "
                                + "collation or extension version?); compare the servers, and report it if they match.",
                        Map.of(
                                "table",
                                m.table(),
                                "expectedRows",
                                m.rows(),
                                "expectedChecksum",
                                m.checksum(),
                                "restoredRows",
                                t.loaded().rows(),
                                "restoredChecksum",
                                t.loaded().hex()),
                        null);
            }
        }
    }

    static SupaException tampered(String what) {
        return new SupaException(
                ErrorCode.BACKUP_TAMPERED,
                "The backup is damaged or was altered: " + what,
                "Do not restore from this file: take the backup again, or use another copy.");
    }

    /** Counts bytes and text-COPY rows (newlines) as they pass. */
    private static final class CountingRows extends FilterInputStream {
        long rows;
        long bytes;

        CountingRows(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                bytes++;
                if (b == '\n') {
                    rows++;
                }
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            for (int i = 0; i < n; i++) {
                if (b[off + i] == '\n') {
                    rows++;
                }
            }
            if (n > 0) {
                bytes += n;
            }
            return n;
        }
    }
}
