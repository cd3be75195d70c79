package dev.supadokploy.backup;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * Reads the sections {@link SectionOutput} wrote. Anything malformed inside the body is damage: the segments around it
 * authenticated (or, unencrypted, the trailer's hash will say so), so the bytes are not what the writer wrote.
 */
final class SectionInput {
    private final DataInputStream in;
    private Section open;

    SectionInput(InputStream in) {
        this.in = new DataInputStream(in);
    }

    /** One section; read its content (or not) before asking for the next. */
    record Section(byte type, String meta, InputStream content) {}

    Section next() throws IOException {
        if (open != null) {
            open.content().transferTo(OutputStreamSink.INSTANCE);
        }
        try {
            byte type = in.readByte();
            int n = in.readInt();
            if (n < 0 || n > ArchiveFormat.MAX_HEADER_BYTES) {
                throw ArchiveFormat.tampered("a section's metadata has an impossible length");
            }
            byte[] meta = in.readNBytes(n);
            if (meta.length < n) {
                throw ArchiveFormat.tampered("the body ends inside a section's metadata");
            }
            open = new Section(type, new String(meta, StandardCharsets.UTF_8), new ChunkStream());
            return open;
        } catch (EOFException e) {
            throw ArchiveFormat.tampered("the body ends before its end marker");
        }
    }

    private final class ChunkStream extends InputStream {
        private int left;
        private boolean done;

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) {
                return 0;
            }
            while (left == 0) {
                if (done) {
                    return -1;
                }
                try {
                    left = in.readInt();
                } catch (EOFException e) {
                    throw ArchiveFormat.tampered("the body ends inside a section");
                }
                if (left < 0 || left > SectionOutput.CHUNK) {
                    throw ArchiveFormat.tampered("a chunk has an impossible length");
                }
                done = left == 0;
            }
            int r = in.read(b, off, Math.min(len, left));
            if (r < 0) {
                throw ArchiveFormat.tampered("the body ends inside a chunk");
            }
            left -= r;
            return r;
        }
    }

    /** Discards what a caller left unread of a section. */
    private static final class OutputStreamSink extends java.io.OutputStream {
        static final OutputStreamSink INSTANCE = new OutputStreamSink();

        @Override
        public void write(int b) {}

        @Override
        public void write(byte[] b, int off, int len) {}
    }
}
