package dev.supadokploy.dokploy;

import java.util.List;

/**
 * A Dokploy project ({@code project.all}, {@code project.one}). From v0.25 its services sit in
 * {@code environments}; before that directly in {@code compose}.
 */
public record Project(
        String projectId,
        String name,
        String description,
        String createdAt,
        List<Environment> environments,
        List<Compose> compose) {
    public Project {
        environments = environments == null ? List.of() : List.copyOf(environments);
        compose = compose == null ? List.of() : List.copyOf(compose);
    }

    /** Every compose service of the project, whichever version laid them out. */
    public List<Compose> allCompose() {
        if (environments.isEmpty()) {
            return compose;
        }
        return environments.stream().flatMap(e -> e.compose().stream()).toList();
    }
}
