package dev.supadokploy.backup;

import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/**
 * Cuts the body into segments of {@link ArchiveFormat#SEGMENT_SIZE} bytes, sealed when a cipher is given. A full
 * segment is written only once more bytes arrive, so the last one (written on close, possibly empty) carries the flag.
 */
final class SegmentOutputStream extends OutputStream {
    private static final int LAST = 0x80000000;
    private final DataOutputStream out;
    private final SegmentCipher cipher;
    private final byte[] buffer = new byte[ArchiveFormat.SEGMENT_SIZE];
    private int length;
    private long counter;
    private boolean closed;

    SegmentOutputStream(OutputStream out, SegmentCipher cipher) {
        this.out = new DataOutputStream(out);
        this.cipher = cipher;
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        while (len > 0) {
            if (length == buffer.length) {
                emit(false);
            }
            int n = Math.min(len, buffer.length - length);
            System.arraycopy(b, off, buffer, length, n);
            length += n;
            off += n;
            len -= n;
        }
    }

    private void emit(boolean last) throws IOException {
        if (counter > 0xFFFFFFFFL - 1) {
            throw new IOException("the archive exceeds 2^32 segments");
        }
        byte[] data = cipher == null ? buffer : cipher.seal(buffer, length, counter, last);
        int n = cipher == null ? length : data.length;
        out.writeInt((last ? LAST : 0) | n);
        out.write(data, 0, n);
        counter++;
        length = 0;
    }

    /** Writes the last segment; the stream below stays open for the trailer. */
    @Override
    public void close() throws IOException {
        if (!closed) {
            closed = true;
            emit(true);
            out.flush();
        }
    }
}
