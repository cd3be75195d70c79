package dev.supadokploy.backup;

import com.github.luben.zstd.ZstdInputStream;
import com.github.luben.zstd.ZstdOutputStream;
import dev.supadokploy.errors.SupaException;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/** zstd (level 3: about gzip's size for a third of its CPU), gzip, or none. */
public enum Compression {
    zstd,
    gzip,
    none;

    public static final List<String> NAMES = List.of("zstd", "gzip", "none");

    public static Compression parse(String value) {
        if (value == null || value.isBlank()) {
            return zstd;
        }
        String v = value.strip().toLowerCase(Locale.ROOT);
        if (v.equals("true")) {
            return zstd;
        }
        if (v.equals("false")) {
            return none;
        }
        try {
            return valueOf(v);
        } catch (IllegalArgumentException e) {
            throw SupaException.invalidInput(
                    "Unknown compression '" + value + "'", "Use zstd (the default), gzip or none.");
        }
    }

    OutputStream wrap(OutputStream out) throws IOException {
        return switch (this) {
            case zstd -> new ZstdOutputStream(out, 3);
            case gzip -> new GZIPOutputStream(out, 64 * 1024);
            case none ->
                new FilterOutputStream(out) {
                    @Override
                    public void write(byte[] b, int off, int len) throws IOException {
                        out.write(b, off, len);
                    }
                };
        };
    }

    InputStream wrap(InputStream in) throws IOException {
        return switch (this) {
            case zstd -> new ZstdInputStream(in);
            case gzip -> new GZIPInputStream(in, 64 * 1024);
            case none -> in;
        };
    }
}
