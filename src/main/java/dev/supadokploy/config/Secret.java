package dev.supadokploy.config;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Objects;

/**
 * A secret value that refuses to show itself: toString, JSON and logs see "***". Call {@link #reveal()}
 * only where the value leaves for its destination (a JDBC property, an HTTP header).
 */
public final class Secret {
    private final String value;

    private Secret(String value) {
        this.value = Objects.requireNonNull(value);
    }

    public static Secret of(String value) {
        return value == null ? null : new Secret(value);
    }

    public String reveal() {
        return value;
    }

    public boolean isEmpty() {
        return value.isEmpty();
    }

    @JsonValue
    @Override
    public String toString() {
        return "***";
    }
}
