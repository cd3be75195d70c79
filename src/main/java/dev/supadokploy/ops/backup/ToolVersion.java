package dev.supadokploy.ops.backup;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The release writing an archive, from the version.properties Maven filters (as the CLI's --version reads it). */
final class ToolVersion {
    private ToolVersion() {}

    static String get() {
        try (InputStream in = ToolVersion.class.getResourceAsStream("/dev/supadokploy/version.properties")) {
            Properties p = new Properties();
            if (in != null) {
                p.load(in);
            }
            return p.getProperty("version", "unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }
}
