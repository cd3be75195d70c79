package dev.supadokploy.dokploy;

import java.util.Objects;

/**
 * A partial {@code compose.update}: null fields are left out of the request and so keep their value on the
 * server. The env is not here on purpose — it is written whole with {@code compose.saveEnvironment}.
 */
public record ComposeUpdate(String composeId, String name, String description, String composeFile) {
    public ComposeUpdate {
        Objects.requireNonNull(composeId, "composeId");
    }
}
