package dev.supadokploy.dokploy;

/**
 * A mount of a compose ({@code compose.one}'s {@code mounts}; Dokploy v0.30.2: packages/server/src/db/schema/mount.ts).
 * A compose's mounts are {@code file} mounts: Dokploy writes {@code content} to {@code ../files/<filePath>} beside the
 * compose file, which the compose file then mounts (the Supabase template's kong.yml, SQL init files and edge
 * functions live there). {@code mountPath} is unused for a compose: the template leaves it empty, Dokploy's own
 * dashboard sends "/".
 */
public record Mount(
        String mountId,
        String type,
        String hostPath,
        String volumeName,
        String filePath,
        String content,
        String serviceType,
        String mountPath,
        String composeId) {
    public static final String FILE = "file";

    public boolean file() {
        return FILE.equals(type);
    }

    @Override
    public String toString() {
        // content is the stack's own files (keys may be written into them): keep it out of logs and messages.
        return "Mount[mountId=" + mountId + ", type=" + type + ", filePath=" + filePath + "]";
    }
}
