package dev.supadokploy.ops.backup;

import dev.supadokploy.backup.ArchiveFormat;
import dev.supadokploy.backup.store.ArchiveStore;
import dev.supadokploy.backup.store.LocalArchiveStore;
import dev.supadokploy.backup.store.S3ArchiveStore;
import dev.supadokploy.backup.store.S3Settings;
import dev.supadokploy.config.DestinationConfig;
import dev.supadokploy.config.Secret;
import dev.supadokploy.errors.ErrorCode;
import dev.supadokploy.errors.SupaException;
import dev.supadokploy.ops.OperationContext;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where backups are: a local path (or a {@code file://} URL), or {@code s3://bucket/prefix} on any S3-compatible
 * store. Any other URL is refused before anything is read or written: {@code Path.of("gs://offsite/prod/")} is a
 * relative path, and a backup "to S3" once exited 0 having made a local folder named {@code s3:}.
 *
 * <p>An S3 location's settings come from {@code --destination NAME} ({@code [destinations.NAME]} in config.toml, or
 * {@code dokploy:ID}, a destination defined in Dokploy), else the config destination whose {@code bucket} is the
 * URL's, else the standard AWS environment.
 */
final class BackupLocation {
    /** A URL scheme as RFC 3986 spells it, followed by "://". A local name such as "daily:2026" has no "//". */
    private static final Pattern URL = Pattern.compile("^([A-Za-z][A-Za-z0-9+.-]*)://(.*)$", Pattern.DOTALL);
    /** The prefix of a destination defined in Dokploy. */
    static final String DOKPLOY = "dokploy:";

    private BackupLocation() {}

    /** A store and, when the location names one archive, its name there (else null). */
    record Located(ArchiveStore store, String name) {}

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
                location + " is a " + scheme + ":// URL, and this build reads and writes backups on local paths and"
                        + " s3:// only"
                        + (scheme.equals("file") ? " (a file:// URL needs an absolute path: file:///var/backups)" : "")
                        + "; nothing was written",
                "Use s3://bucket/prefix for an S3-compatible store (AWS, R2, B2, MinIO, Garage), or a local directory.");
    }

    /** Whether {@code location} is an {@code s3://} URL. */
    static boolean isS3(String location) {
        Matcher url = URL.matcher(location);
        return url.matches() && url.group(1).equalsIgnoreCase("s3");
    }

    /** The store of a directory or prefix (list, prune, restore by id). */
    static ArchiveStore directory(String location, String destination, OperationContext ctx) {
        if (location == null || location.isBlank()) {
            throw SupaException.invalidInput(
                    "No directory given", "Name the directory (or s3://bucket/prefix) holding the backups.");
        }
        if (isS3(location)) {
            S3Url url = S3Url.parse(location);
            return s3(url.bucket(), url.key(), destination, ctx);
        }
        noDestination(location, destination);
        Path dir = local(location);
        if (!Files.isDirectory(dir)) {
            throw SupaException.invalidInput(dir + " is not a directory", "Name the directory holding the backups.");
        }
        return new LocalArchiveStore(dir);
    }

    /** One archive (verify, restore): its store and name. */
    static Located file(String location, String destination, OperationContext ctx) {
        if (isS3(location)) {
            S3Url url = S3Url.parse(location);
            int slash = url.key().lastIndexOf('/');
            String name = url.key().substring(slash + 1);
            if (name.isEmpty()) {
                throw SupaException.invalidInput(
                        location + " names a prefix, not an archive",
                        "Name the archive (s3://bucket/prefix/NAME" + ArchiveFormat.EXTENSION
                                + "), or list them with supa-dokploy backup list " + location + ".");
            }
            return new Located(s3(url.bucket(), url.key().substring(0, slash + 1), destination, ctx), name);
        }
        noDestination(location, destination);
        Path path = local(location).toAbsolutePath();
        return new Located(
                new LocalArchiveStore(path.getParent()), path.getFileName().toString());
    }

    /**
     * Where {@code backup create} writes: a prefix (ending in /, or a local directory) gets a name made by
     * {@code named}, else the location is the archive itself.
     */
    static Located output(
            String location, String destination, OperationContext ctx, java.util.function.Supplier<String> named) {
        String given = location == null || location.isBlank() ? "." : location;
        if (isS3(given)) {
            S3Url url = S3Url.parse(given);
            boolean prefix = url.key().isEmpty() || url.key().endsWith("/");
            if (prefix) {
                return new Located(s3(url.bucket(), url.key(), destination, ctx), named.get());
            }
            int slash = url.key().lastIndexOf('/');
            return new Located(
                    s3(url.bucket(), url.key().substring(0, slash + 1), destination, ctx),
                    url.key().substring(slash + 1));
        }
        noDestination(given, destination);
        Path path = local(given);
        if (given.endsWith("/") || Files.isDirectory(path)) {
            return new Located(new LocalArchiveStore(path), named.get());
        }
        Path absolute = path.toAbsolutePath();
        return new Located(
                new LocalArchiveStore(absolute.getParent()),
                absolute.getFileName().toString());
    }

    private static void noDestination(String location, String destination) {
        if (destination != null && !destination.isBlank()) {
            throw SupaException.invalidInput(
                    "--destination " + destination + " is for an s3:// location, and " + location + " is local",
                    "Give the location as s3://bucket/prefix, or leave --destination out.");
        }
    }

    /** {@code s3://bucket/key}: the key may be empty, a prefix ending in /, or an object. */
    record S3Url(String bucket, String key) {
        static S3Url parse(String location) {
            Matcher m = URL.matcher(location);
            m.matches();
            String rest = m.group(2);
            int slash = rest.indexOf('/');
            String bucket = slash < 0 ? rest : rest.substring(0, slash);
            String key = slash < 0 ? "" : rest.substring(slash + 1);
            if (!bucket.matches("[a-z0-9][a-z0-9.-]{1,62}") || key.startsWith("/") || key.contains("//")) {
                throw SupaException.invalidInput(
                        location + " is not an S3 location s3://BUCKET/PREFIX",
                        "Write it as s3://my-bucket/backups/ (a bucket name is 3-63 lowercase letters, digits, dots and"
                                + " dashes).");
            }
            return new S3Url(bucket, key);
        }
    }

    private static ArchiveStore s3(String bucket, String prefix, String destination, OperationContext ctx) {
        return new S3ArchiveStore(settings(bucket, destination, ctx), bucket, prefix);
    }

    /** The settings for {@code bucket}: the named destination, the config destination of that bucket, the AWS env. */
    static S3Settings settings(String bucket, String destination, OperationContext ctx) {
        if (destination != null && !destination.isBlank()) {
            if (destination.startsWith(DOKPLOY)) {
                return DokployDestination.settings(destination.substring(DOKPLOY.length()), bucket, ctx);
            }
            DestinationConfig d = ctx.config().destinations().get(destination);
            if (d == null) {
                throw new SupaException(
                        ErrorCode.CONFIGURATION_INVALID,
                        "No destination named '" + destination + "'"
                                + (ctx.config().source() == null
                                        ? " (no configuration file found)"
                                        : " in " + ctx.config().source()),
                        ctx.config().destinations().isEmpty()
                                ? "Add a [destinations." + destination
                                        + "] table to config.toml (see docs/configuration.md), or use dokploy:ID for a"
                                        + " destination defined in Dokploy."
                                : "Known destinations: "
                                        + String.join(
                                                ", ",
                                                ctx.config().destinations().keySet()) + ".");
            }
            return fromConfig(d, bucket, ctx);
        }
        List<DestinationConfig> forBucket = ctx.config().destinations().values().stream()
                .filter(d -> bucket.equals(d.bucket()))
                .toList();
        if (forBucket.size() > 1) {
            throw SupaException.invalidInput(
                    "Several destinations in config.toml are for the bucket " + bucket + ": "
                            + String.join(
                                    ", ",
                                    forBucket.stream()
                                            .map(DestinationConfig::name)
                                            .toList()),
                    "Choose one with --destination NAME.");
        }
        if (forBucket.size() == 1) {
            return fromConfig(forBucket.get(0), bucket, ctx);
        }
        return fromEnvironment(ctx.env(), ctx);
    }

    private static S3Settings fromConfig(DestinationConfig d, String bucket, OperationContext ctx) {
        String where = "destinations." + d.name();
        if (d.bucket() != null && !d.bucket().equals(bucket)) {
            throw SupaException.invalidInput(
                    "The destination " + d.name() + " is for the bucket " + d.bucket() + ", not " + bucket,
                    "Write the location as s3://" + d.bucket() + "/PREFIX, or choose the destination of " + bucket
                            + ".");
        }
        if (d.accessKeyId() == null || d.secretAccessKey() == null) {
            throw new SupaException(
                    ErrorCode.CONFIGURATION_INVALID,
                    "[" + where + "] has no " + (d.accessKeyId() == null ? "access_key_id" : "secret_access_key"),
                    "Add access_key_id and secret_access_key = \"env:NAME\" (or file:PATH) to [" + where + "].");
        }
        URI endpoint = endpoint(d.endpoint(), "endpoint in [" + where + "]");
        return new S3Settings(
                endpoint,
                d.region() == null ? "us-east-1" : d.region(),
                d.pathStyle() == null ? endpoint != null : d.pathStyle(),
                ctx.secrets().resolve(d.accessKeyId(), where + ".access_key_id").reveal(),
                ctx.secrets().resolve(d.secretAccessKey(), where + ".secret_access_key"),
                "destination " + d.name());
    }

    /** AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_REGION, AWS_ENDPOINT_URL_S3 / AWS_ENDPOINT_URL. */
    static S3Settings fromEnvironment(Map<String, String> env, OperationContext ctx) {
        String id = env.get("AWS_ACCESS_KEY_ID");
        String secret = env.get("AWS_SECRET_ACCESS_KEY");
        if (id == null || id.isBlank() || secret == null || secret.isBlank()) {
            throw new SupaException(
                    ErrorCode.CONFIGURATION_NOT_FOUND,
                    "No credentials for the S3 location: no --destination, no [destinations.*] in config.toml for its"
                            + " bucket, and AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY are not set",
                    "Add a [destinations.NAME] table (endpoint, region, access_key_id, secret_access_key = \"env:…\")"
                            + " and pass --destination NAME, or export the AWS variables.");
        }
        String endpointText = firstSet(env, "AWS_ENDPOINT_URL_S3", "AWS_ENDPOINT_URL");
        URI endpoint = endpoint(endpointText, "AWS_ENDPOINT_URL_S3");
        return new S3Settings(
                endpoint,
                firstSet(env, "AWS_REGION", "AWS_DEFAULT_REGION") == null
                        ? "us-east-1"
                        : firstSet(env, "AWS_REGION", "AWS_DEFAULT_REGION"),
                endpoint != null,
                id,
                Secret.of(secret),
                "the AWS environment");
    }

    private static String firstSet(Map<String, String> env, String... names) {
        for (String n : names) {
            String v = env.get(n);
            if (v != null && !v.isBlank()) {
                return v;
            }
        }
        return null;
    }

    static URI endpoint(String text, String what) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            URI uri = new URI(text.contains("://") ? text : "https://" + text);
            if (uri.getHost() == null
                    || !(uri.getScheme().equals("https") || uri.getScheme().equals("http"))) {
                throw new URISyntaxException(text, "not an http(s) URL with a host");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw new SupaException(
                    ErrorCode.CONFIGURATION_INVALID,
                    what + " is not a URL: " + text,
                    "Write it as https://s3.example.com (or http://127.0.0.1:9000 for a local MinIO).");
        }
    }
}
