package dev.supadokploy.dokploy;

import dev.supadokploy.util.DotEnv;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A compose service's env as an editable dotenv document: read it, change values, write the whole string back
 * with {@code compose.saveEnvironment}. Everything not set here — comments, order, quoting, blank lines —
 * goes back byte for byte, so a key rotation does not reformat the operator's file.
 */
public final class ComposeEnv {
    private final String composeId;
    private final String original;
    private final DotEnv document;
    private final Set<String> keptReferences = new LinkedHashSet<>();

    private ComposeEnv(String composeId, String original) {
        this.composeId = Objects.requireNonNull(composeId);
        this.original = original == null ? "" : original;
        this.document = DotEnv.parse(this.original);
    }

    /** Refuses an env Dokploy returned encrypted (EncryptedEnv): editing it would save over the stack's real env. */
    public static ComposeEnv of(Compose compose) {
        EncryptedEnv.requireReadable(compose);
        return new ComposeEnv(compose.composeId(), compose.env());
    }

    public static ComposeEnv read(DokployApi api, String composeId) {
        return of(api.compose(composeId));
    }

    public String composeId() {
        return composeId;
    }

    public DotEnv document() {
        return document;
    }

    public Optional<String> get(String key) {
        return document.get(key);
    }

    /**
     * Sets a value, unless the variable is a {@code ${{…}}} reference: Dokploy resolves those at deploy from the
     * project's or environment's env (or a secrets provider), so writing a literal over one would silently cut the
     * link. Such a variable is kept as it is and listed in {@link #keptReferences()}.
     */
    public ComposeEnv set(String key, String value) {
        if (document.get(key).map(v -> v.contains("${{")).orElse(false)
                || DokployEnv.parse(document.write()).getOrDefault(key, "").contains("${{")) {
            keptReferences.add(key);
            return this;
        }
        document.set(key, value);
        return this;
    }

    /** Variables a {@link #set} left alone because they are {@code ${{…}}} references, in the order asked. */
    public Set<String> keptReferences() {
        return Collections.unmodifiableSet(keptReferences);
    }

    public String text() {
        return document.write();
    }

    public boolean changed() {
        return !text().equals(original);
    }

    /** Saves the env when it changed; returns whether it did. A deploy is still needed for containers to see it. */
    public boolean save(DokployApi api) {
        if (!changed()) {
            return false;
        }
        api.saveEnvironment(composeId, text());
        return true;
    }

    @Override
    public String toString() {
        return "ComposeEnv[composeId=" + composeId + ", " + document + "]";
    }
}
