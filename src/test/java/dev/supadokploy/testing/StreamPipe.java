package dev.supadokploy.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * An in-memory pipe for running a stdio server in-process: bytes written to {@link #output()} are read
 * from {@link #input()}, and closing the output is EOF. Unlike PipedInputStream it does not tie either
 * end to a thread, so writers may be short-lived pool threads.
 */
public final class StreamPipe {
    private static final byte[] EOF = new byte[0];
    private final BlockingQueue<byte[]> chunks = new LinkedBlockingQueue<>();

    private final InputStream input = new InputStream() {
        private byte[] current = new byte[0];
        private int pos;
        private boolean ended;

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
            while (pos >= current.length) {
                if (ended) {
                    return -1;
                }
                try {
                    current = chunks.take();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted", e);
                }
                pos = 0;
                if (current == EOF) {
                    ended = true;
                    return -1;
                }
            }
            int n = Math.min(len, current.length - pos);
            System.arraycopy(current, pos, b, off, n);
            pos += n;
            return n;
        }
    };

    private final OutputStream output = new OutputStream() {
        private volatile boolean closed;

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            if (closed) {
                throw new IOException("pipe closed");
            }
            if (len > 0) {
                byte[] copy = new byte[len];
                System.arraycopy(b, off, copy, 0, len);
                chunks.add(copy);
            }
        }

        @Override
        public void close() {
            if (!closed) {
                closed = true;
                chunks.add(EOF);
            }
        }
    };

    public InputStream input() {
        return input;
    }

    public OutputStream output() {
        return output;
    }

    /** EOF for the reader. */
    public void close() {
        chunks.add(EOF);
    }
}
