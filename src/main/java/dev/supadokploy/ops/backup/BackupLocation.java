package dev.supadokploy.ops.backup;

import dev.supadokploy.errors.ErrorCode;
import dev.supadokploy.errors.SupaException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where backups are: today a local path (or a {@code file://} URL). Any other URL is refused before anything is read
 * or written: {@code Path.of("s3://offsite/prod/")} is a relative path, and a backup "to S3" used to exit 0 having
 * made a local folder named {@code s3:}, leaving an operator who trusted it without an off-site copy.
 */
final class BackupLocation {
    /** A URL scheme as RFC 3986 spells it, followed by "://". A local name such as "daily:2026" has no "//". */
    private static final Pattern URL = Pattern.compile("^([A-Za-z][A-Za-z0-9+.-]*)://(.*)$", Pattern.DOTALL);

    private BackupLocation() {}

    /** The local path {@code location} names; a URL other than {@code file://} is BACKUP_LOCATION_UNSUPPORTED. */
    static Path local(String location) {
        Matcher url = URL.matcher(location);
        if (!url.matches()) {
            return Path.of(location);
        }
        String scheme = url.group(1).toLowerCase(Locale.ROOT);
        if (scheme.equals("file") && url.group(2).startsWith("/")) {
            return Path.of(url.group(2));
        }
        throw new SupaException(
                ErrorCode.BACKUP_LOCATION_UNSUPPORTED,
                location + " is a " + scheme + ":// URL, and this build reads and writes backups on local paths only"
                        + (scheme.equals("file") ? " (a file:// URL needs an absolute path: file:///var/backups)" : "")
                        + "; nothing was written",
                "Write the backup to a local directory and copy it off-site (aws s3 cp, rclone copy), or mount the"
                        + " remote store and name its local path.");
    }
}
