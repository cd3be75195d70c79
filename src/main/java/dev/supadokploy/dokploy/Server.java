package dev.supadokploy.dokploy;

/**
 * A remote Dokploy server ({@code server.all}; Dokploy v0.30.2: packages/server/src/db/schema/server.ts). Services
 * placed on it run there; {@code sshKeyId} null means Dokploy cannot reach it, so a template deploy onto it stops at
 * the file mounts ("No SSH key available for this server") and a deploy fails. {@code serverType} {@code build}
 * servers only build images; services are deployed on {@code deploy} servers.
 */
public record Server(
        String serverId, String name, String ipAddress, String serverStatus, String serverType, String sshKeyId) {

    public boolean hasSshKey() {
        return sshKeyId != null && !sshKeyId.isBlank();
    }

    /** A deploy target: not a build server, not deactivated. Older versions leave the fields out (then: usable). */
    public boolean deployTarget() {
        return !"build".equals(serverType) && !"inactive".equals(serverStatus);
    }

    public String display() {
        return "'" + name + "' (" + serverId + (ipAddress == null ? "" : ", " + ipAddress) + ")";
    }
}
