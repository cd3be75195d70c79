package dev.supadokploy.cli;

import dev.supadokploy.util.Version;
import picocli.CommandLine;

/** picocli's view of {@link Version}, for {@code --version} anywhere in the command tree. */
public final class VersionProvider implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
        return Version.lines();
    }
}
