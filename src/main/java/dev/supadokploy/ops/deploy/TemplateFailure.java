package dev.supadokploy.ops.deploy;

import dev.supadokploy.errors.ErrorCode;
import dev.supadokploy.errors.SupaException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A failed {@code compose.deployTemplate}: what this run made is removed again (a compose the call left half-made, the
 * environment, the project), and the failure is named for what it is. Dokploy v0.30.2:
 * apps/dokploy/server/api/routers/compose.ts deployTemplate (401 "You need to use a server to create a compose" with
 * IS_CLOUD or remoteServersOnly, checked before it creates anything), packages/server/src/templates/github.ts
 * fetchTemplateFiles (Node's fetch: "fetch failed" when the base URL cannot be reached, "Template files not found" when
 * it answers without them; both reach the client as 500).
 */
final class TemplateFailure {
    static final String SERVER_REQUIRED = "You need to use a server";

    private TemplateFailure() {}

    static SupaException cleanUpAndExplain(
            DeploySetupOperation.Run run, Set<String> before, SupaException e, String template, String templatesUrl) {
        List<String> removed = new ArrayList<>();
        List<String> left = new ArrayList<>();
        try {
            Optional<String> debris = DeploySetupOperation.newCompose(run.api, run, before);
            if (debris.isPresent()) {
                run.api.deleteCompose(debris.get(), true);
                removed.add("compose " + debris.get());
            }
            if (run.createdEnvironmentId != null) {
                run.api.removeEnvironment(run.createdEnvironmentId);
                removed.add("environment " + run.createdEnvironmentId);
                run.created.remove("environment " + run.createdEnvironmentId);
                run.environmentId = null;
            }
            if (run.createdProjectId != null) {
                run.api.removeProject(run.createdProjectId);
                removed.add("project " + run.createdProjectId);
                run.created.remove("project " + run.createdProjectId);
                run.projectId = null;
            }
        } catch (SupaException cleanup) {
            left.addAll(run.created);
            left.add("(cleanup failed: " + cleanup.getMessage() + ")");
        }
        String said = serverMessage(e);
        String cleaned =
                (removed.isEmpty() ? "" : " Removed what this run had made: " + String.join(", ", removed) + ".")
                        + (left.isEmpty() ? "" : " Left behind: " + String.join(", ", left) + ".");
        Map<String, Object> details = new LinkedHashMap<>(e.details());
        details.put("removed", removed);
        if (said.contains(SERVER_REQUIRED)) {
            SupaException required =
                    ServerChoice.required(run.api, "Dokploy Cloud, or remoteServersOnly in its web server settings");
            details.putAll(required.details());
            return new SupaException(
                    ErrorCode.DOKPLOY_SERVER_REQUIRED,
                    required.getMessage() + "." + cleaned,
                    required.suggestion(),
                    details,
                    e);
        }
        if (said.contains("fetch failed")
                || said.contains("Template files not found")
                || said.contains("Failed to fetch")) {
            String from = templatesUrl != null ? templatesUrl : DeploySetupOperation.DEFAULT_TEMPLATES_URL;
            return new SupaException(
                    ErrorCode.DOKPLOY_TEMPLATE_UNAVAILABLE,
                    "Dokploy could not fetch the '" + template + "' template from " + from + " (\"" + said + "\")."
                            + cleaned,
                    (templatesUrl == null
                                    ? "A Dokploy server without internet access needs a mirror of Dokploy/templates: "
                                            + "pass its base URL with --templates-url (MCP: templatesUrl) or set templates_url in [dokploy] of "
                                            + "config.toml. "
                                    : "Check that the Dokploy server reaches " + from + ". ")
                            + "Dokploy reads <base URL>/blueprints/" + template
                            + "/template.toml and docker-compose.yml.",
                    details,
                    e);
        }
        return new SupaException(e.code(), e.getMessage() + cleaned, e.suggestion(), details, e);
    }

    private static String serverMessage(SupaException e) {
        Object message = e.details().get("serverMessage");
        return message != null ? message.toString() : String.valueOf(e.getMessage());
    }
}
