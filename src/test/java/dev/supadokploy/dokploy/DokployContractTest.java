package dev.supadokploy.dokploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every procedure the client calls exists in Dokploy's published OpenAPI document with the method the client
 * uses. Skipped, with the reason, when the document is not next to the project.
 */
class DokployContractTest {
    private static final Path OPENAPI = Path.of("../shared/dokploy/openapi.json");

    private static JsonNode openapi() throws Exception {
        assumeTrue(
                Files.isRegularFile(OPENAPI),
                "Dokploy's OpenAPI document is not at " + OPENAPI.toAbsolutePath() + "; contract not checked");
        return new ObjectMapper().readTree(OPENAPI.toFile());
    }

    @Test
    void everyProcedureExistsWithTheSameMethod() throws Exception {
        JsonNode paths = openapi().path("paths");
        List<String> problems = new ArrayList<>();
        for (DokployProcedure p : DokployProcedure.values()) {
            JsonNode item = paths.path("/" + p.path());
            if (item.isMissingNode()) {
                problems.add(p.path() + ": not in the document");
            } else if (!item.has(p.kind().httpMethod())) {
                problems.add(p.path() + ": no " + p.kind().httpMethod().toUpperCase() + " (has " + names(item) + ")");
            }
        }
        assertEquals(List.of(), problems);
    }

    @Test
    void queryParametersTheClientSendsAreDeclared() throws Exception {
        JsonNode paths = openapi().path("paths");
        String[][] sent = {
            {"project.one", "projectId"},
            {"environment.one", "environmentId"},
            {"environment.byProjectId", "projectId"},
            {"compose.one", "composeId"},
            {"deployment.allByCompose", "composeId"},
            {"domain.byComposeId", "composeId"},
            {"docker.getContainersByAppNameMatch", "appName"},
            {"docker.getContainersByAppNameMatch", "appType"},
            {"compose.readLogs", "composeId"},
            {"compose.readLogs", "containerId"},
            {"compose.readLogs", "tail"},
            {"compose.readLogs", "since"},
            {"compose.readLogs", "search"}
        };
        List<String> problems = new ArrayList<>();
        for (String[] s : sent) {
            boolean declared = false;
            for (JsonNode param : paths.path("/" + s[0]).path("get").path("parameters")) {
                declared |= param.path("name").asText().equals(s[1])
                        && param.path("in").asText().equals("query");
            }
            if (!declared) {
                problems.add(s[0] + "?" + s[1]);
            }
        }
        assertEquals(List.of(), problems);
    }

    @Test
    void bodyFieldsTheClientSendsAreDeclared() throws Exception {
        JsonNode paths = openapi().path("paths");
        String[][] sent = {
            {"project.create", "name", "description"},
            {"environment.create", "projectId", "name", "description"},
            {"compose.create", "name", "environmentId", "appName", "composeType", "composeFile"},
            {"compose.deployTemplate", "environmentId", "id", "serverId"},
            {"compose.update", "composeId", "name", "description", "composeFile"},
            {"compose.saveEnvironment", "composeId", "env"},
            {"compose.deploy", "composeId", "title"},
            {"compose.redeploy", "composeId", "title"},
            {"compose.stop", "composeId"},
            {"compose.start", "composeId"},
            {
                "domain.create",
                "host",
                "path",
                "port",
                "https",
                "certificateType",
                "serviceName",
                "composeId",
                "domainType"
            },
            {
                "domain.update",
                "domainId",
                "host",
                "path",
                "port",
                "https",
                "certificateType",
                "serviceName",
                "domainType"
            }
        };
        List<String> problems = new ArrayList<>();
        for (String[] s : sent) {
            JsonNode props = paths.path("/" + s[0])
                    .path("post")
                    .path("requestBody")
                    .path("content")
                    .path("application/json")
                    .path("schema")
                    .path("properties");
            for (int i = 1; i < s.length; i++) {
                if (!props.has(s[i])) {
                    problems.add(s[0] + "." + s[i]);
                }
            }
        }
        assertEquals(List.of(), problems);
    }

    private static List<String> names(JsonNode node) {
        List<String> names = new ArrayList<>();
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            names.add(it.next());
        }
        return names;
    }
}
