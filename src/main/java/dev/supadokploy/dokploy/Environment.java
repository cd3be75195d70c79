package dev.supadokploy.dokploy;

import java.util.List;

/** An environment of a project (v0.25+; {@code production} is made with every project). */
public record Environment(
        String environmentId,
        String name,
        String description,
        String projectId,
        List<Compose> compose,
        Boolean isDefault) {
    public Environment {
        compose = compose == null ? List.of() : List.copyOf(compose);
    }

    public Environment(String environmentId, String name, String description, String projectId, List<Compose> compose) {
        this(environmentId, name, description, projectId, compose, null);
    }
}
