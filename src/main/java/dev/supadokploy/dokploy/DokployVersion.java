package dev.supadokploy.dokploy;

import dev.supadokploy.errors.ErrorCode;
import dev.supadokploy.errors.SupaException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The server's version as {@code settings.getDokployVersion} reports it ({@code "v0.26.1"}), and what the
 * client may rely on because of it.
 */
public record DokployVersion(int major, int minor, int patch, String raw) implements Comparable<DokployVersion> {
    private static final Pattern SEMVER = Pattern.compile("^v?(\\d+)\\.(\\d+)\\.(\\d+)(?:[-+].*)?$");

    /** Projects hold environments; services are created with {@code environmentId} instead of {@code projectId}. */
    public static final DokployVersion ENVIRONMENTS = of(0, 25, 0);
    /** {@code compose.readLogs} exists; older servers stream logs over a WebSocket only. */
    public static final DokployVersion COMPOSE_READ_LOGS = of(0, 29, 0);
    /** {@code deployment.readLogs {deploymentId, tail}} exists (apps/dokploy/server/api/routers/deployment.ts, v0.29.5). */
    public static final DokployVersion DEPLOYMENT_READ_LOGS = of(0, 29, 5);

    public static DokployVersion of(int major, int minor, int patch) {
        return new DokployVersion(major, minor, patch, "v" + major + "." + minor + "." + patch);
    }

    public static DokployVersion parse(String text) {
        Matcher m = text == null ? null : SEMVER.matcher(text.strip());
        if (m == null || !m.matches()) {
            throw new SupaException(
                    ErrorCode.DOKPLOY_INVALID_RESPONSE,
                    "Dokploy reported a version this tool cannot read: '" + text + "'",
                    "Check that the URL points at a Dokploy server; report the version string if it does.");
        }
        return new DokployVersion(
                Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)), text.strip());
    }

    public boolean atLeast(DokployVersion other) {
        return compareTo(other) >= 0;
    }

    public boolean hasEnvironments() {
        return atLeast(ENVIRONMENTS);
    }

    public boolean hasComposeReadLogs() {
        return atLeast(COMPOSE_READ_LOGS);
    }

    public boolean hasDeploymentReadLogs() {
        return atLeast(DEPLOYMENT_READ_LOGS);
    }

    @Override
    public int compareTo(DokployVersion o) {
        int c = Integer.compare(major, o.major);
        if (c == 0) {
            c = Integer.compare(minor, o.minor);
        }
        return c != 0 ? c : Integer.compare(patch, o.patch);
    }

    /** Equal when the numbers are: "0.26.1" and "v0.26.1" are the same release. */
    @Override
    public boolean equals(Object o) {
        return o instanceof DokployVersion v && compareTo(v) == 0;
    }

    @Override
    public int hashCode() {
        return (major * 1_000 + minor) * 1_000 + patch;
    }

    @Override
    public String toString() {
        return "v" + major + "." + minor + "." + patch;
    }
}
