package dev.supadokploy.backup;

import java.io.IOException;
import java.io.InputStream;

/**
 * Reads the segments back, authenticating each one when sealed. Ends after the segment flagged last; the file ending
 * before it is truncation, a segment that fails authentication is tampering (the key was checked before).
 */
final class SegmentInputStream extends InputStream {
    private static final int LAST = 0x80000000;
    private final InputStream in;
    private final SegmentCipher cipher;
    private byte[] current = new byte[0];
    private int position;
    private long counter;
    private boolean ended;

    SegmentInputStream(InputStream in, SegmentCipher cipher) {
        this.in = in;
        this.cipher = cipher;
    }

    long segments() {
        return counter;
    }

    boolean ended() {
        return ended;
    }

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
        while (position == current.length) {
            if (ended) {
                return -1;
            }
            next();
        }
        int n = Math.min(len, current.length - position);
        System.arraycopy(current, position, b, off, n);
        position += n;
        return n;
    }

    private void next() throws IOException {
        byte[] head = readFully(4, "before the last segment");
        int word = ((head[0] & 0xff) << 24) | ((head[1] & 0xff) << 16) | ((head[2] & 0xff) << 8) | (head[3] & 0xff);
        boolean last = (word & LAST) != 0;
        int length = word & ~LAST;
        int max = ArchiveFormat.SEGMENT_SIZE + (cipher == null ? 0 : ArchiveFormat.TAG_BYTES);
        if (length > max || (cipher != null && length < ArchiveFormat.TAG_BYTES)) {
            throw ArchiveFormat.tampered("segment " + counter + " has an impossible length");
        }
        byte[] data = readFully(length, "inside segment " + counter);
        if (cipher != null) {
            data = cipher.open(data, length, counter, last);
            if (data == null) {
                throw ArchiveFormat.tampered("segment " + counter + " failed authentication");
            }
        }
        counter++;
        current = data;
        position = 0;
        ended = last;
    }

    private byte[] readFully(int n, String where) throws IOException {
        byte[] out = new byte[n];
        int got = 0;
        while (got < n) {
            int r = in.read(out, got, n - got);
            if (r < 0) {
                throw ArchiveFormat.truncated("the file ends " + where);
            }
            got += r;
        }
        return out;
    }
}
