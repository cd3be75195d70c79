package dev.supadokploy.dokploy;

/**
 * Every procedure the client calls, with its HTTP method; the contract test checks each against Dokploy's
 * OpenAPI document, so a renamed procedure fails the build rather than a deploy.
 */
public enum DokployProcedure {
    SETTINGS_VERSION("settings.getDokployVersion", Kind.QUERY),
    PROJECT_ALL("project.all", Kind.QUERY),
    PROJECT_ONE("project.one", Kind.QUERY),
    PROJECT_CREATE("project.create", Kind.MUTATION),
    ENVIRONMENT_ONE("environment.one", Kind.QUERY),
    ENVIRONMENT_BY_PROJECT("environment.byProjectId", Kind.QUERY),
    ENVIRONMENT_CREATE("environment.create", Kind.MUTATION),
    COMPOSE_ONE("compose.one", Kind.QUERY),
    COMPOSE_DEPLOY_TEMPLATE("compose.deployTemplate", Kind.MUTATION),
    COMPOSE_UPDATE("compose.update", Kind.MUTATION),
    COMPOSE_SAVE_ENVIRONMENT("compose.saveEnvironment", Kind.MUTATION),
    COMPOSE_DEPLOY("compose.deploy", Kind.MUTATION),
    COMPOSE_REDEPLOY("compose.redeploy", Kind.MUTATION),
    COMPOSE_STOP("compose.stop", Kind.MUTATION),
    COMPOSE_START("compose.start", Kind.MUTATION),
    COMPOSE_READ_LOGS("compose.readLogs", Kind.QUERY),
    DEPLOYMENT_ALL_BY_COMPOSE("deployment.allByCompose", Kind.QUERY),
    DEPLOYMENT_READ_LOGS("deployment.readLogs", Kind.QUERY),
    DOMAIN_BY_COMPOSE("domain.byComposeId", Kind.QUERY),
    DOMAIN_CREATE("domain.create", Kind.MUTATION),
    DOMAIN_UPDATE("domain.update", Kind.MUTATION),
    MOUNTS_CREATE("mounts.create", Kind.MUTATION),
    MOUNTS_UPDATE("mounts.update", Kind.MUTATION),
    DOCKER_CONTAINERS_BY_APP_NAME("docker.getContainersByAppNameMatch", Kind.QUERY),
    SETTINGS_IS_CLOUD("settings.isCloud", Kind.QUERY),
    SERVER_ALL("server.all", Kind.QUERY),
    COMPOSE_DELETE("compose.delete", Kind.MUTATION),
    PROJECT_REMOVE("project.remove", Kind.MUTATION),
    ENVIRONMENT_REMOVE("environment.remove", Kind.MUTATION),
    DESTINATION_ONE("destination.one", Kind.QUERY);

    public enum Kind {
        QUERY("get"),
        MUTATION("post");

        private final String httpMethod;

        Kind(String httpMethod) {
            this.httpMethod = httpMethod;
        }

        /** Lower case, as OpenAPI path items name their operations. */
        public String httpMethod() {
            return httpMethod;
        }
    }

    private final String path;
    private final Kind kind;

    DokployProcedure(String path, Kind kind) {
        this.path = path;
        this.kind = kind;
    }

    /** {@code router.procedure}, the path segment after {@code /api/}. */
    public String path() {
        return path;
    }

    public Kind kind() {
        return kind;
    }
}
