package dev.supadokploy.util;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/**
 * The version Maven wrote into the jar's manifest and filtered into version.properties. Free of picocli on purpose:
 * {@code --version} answers from here before any picocli class is loaded.
 */
public final class Version {
    private Version() {}

    public static String version() {
        // The jar's manifest (read anyway when the JVM opened the jar) spares `--version` a resource lookup; classes
        // run
        // from a directory (tests) read version.properties.
        String fromManifest = Version.class.getPackage().getImplementationVersion();
        if (fromManifest != null) {
            return fromManifest;
        }
        try (InputStream in = Version.class.getResourceAsStream("/dev/supadokploy/version.properties")) {
            Properties p = new Properties();
            if (in != null) {
                p.load(in);
            }
            return p.getProperty("version", "unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }

    /** What {@code --version} prints: the tool's version, then the Java running it. */
    public static String[] lines() {
        return new String[] {
            "supa-dokploy " + version(),
            "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ")"
        };
    }
}
