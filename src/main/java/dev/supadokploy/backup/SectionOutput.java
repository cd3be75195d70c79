package dev.supadokploy.backup;

import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/** Writes sections: type, JSON metadata, then the content as chunks ended by a zero length. */
final class SectionOutput {
    static final int CHUNK = 64 * 1024;
    private final DataOutputStream out;

    SectionOutput(OutputStream out) {
        this.out = new DataOutputStream(out);
    }

    /** The content stream of a new section; closing it ends the section (the stream below stays open). */
    OutputStream open(byte type, String metaJson) throws IOException {
        byte[] meta = metaJson.getBytes(StandardCharsets.UTF_8);
        out.writeByte(type);
        out.writeInt(meta.length);
        out.write(meta);
        return new OutputStream() {
            private final byte[] buffer = new byte[CHUNK];
            private int length;
            private boolean closed;

            @Override
            public void write(int b) throws IOException {
                if (length == buffer.length) {
                    flushChunk();
                }
                buffer[length++] = (byte) b;
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                while (len > 0) {
                    if (length == buffer.length) {
                        flushChunk();
                    }
                    int n = Math.min(len, buffer.length - length);
                    System.arraycopy(b, off, buffer, length, n);
                    length += n;
                    off += n;
                    len -= n;
                }
            }

            private void flushChunk() throws IOException {
                if (length > 0) {
                    out.writeInt(length);
                    out.write(buffer, 0, length);
                    length = 0;
                }
            }

            @Override
            public void close() throws IOException {
                if (!closed) {
                    closed = true;
                    flushChunk();
                    out.writeInt(0);
                }
            }
        };
    }

    void write(byte type, String metaJson, byte[] content) throws IOException {
        try (OutputStream s = open(type, metaJson)) {
            s.write(content);
        }
    }
}
