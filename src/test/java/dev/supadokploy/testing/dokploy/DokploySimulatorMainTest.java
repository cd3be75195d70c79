package dev.supadokploy.testing.dokploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.supadokploy.testing.NeedsSimulator;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

@NeedsSimulator
class DokploySimulatorMainTest {

    @Test
    void printsItsUrlWhenReadyAndAnswersWithTheGivenKey() throws Exception {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        try (DokploySimulator simulator = DokploySimulatorMain.start(
                new String[] {
                    "--port", "0", "--api-key", "k3y", "--version", "v0.28.0", "--deploy-ms", "20", "--stack", "acme"
                },
                new PrintStream(printed, true, StandardCharsets.UTF_8))) {
            String line = printed.toString(StandardCharsets.UTF_8);
            assertTrue(line.contains("ready at " + simulator.url()), line);
            assertTrue(line.contains("\nexport DOKPLOY_URL='" + simulator.url() + "'\n"), line);
            assertTrue(line.contains("\nexport DOKPLOY_API_KEY='k3y'\n"), line);
            for (var entry : simulator.edge().clientEnv().entrySet()) {
                assertTrue(line.contains("\nexport " + entry.getKey() + "='" + entry.getValue() + "'\n"), line);
            }
            String composeId = simulator.composes().get(0).composeId();
            assertTrue(line.contains("Stack in project acme: --compose-id " + composeId), line);
            assertTrue(simulator.composes().get(0).deployments() == 1, "deployed before saying ready");
            String caFile = line.replaceAll("(?s).*export SUPA_DOKPLOY_CA_FILE='([^']+)'.*", "$1");
            assertTrue(
                    java.nio.file.Files.readString(java.nio.file.Path.of(caFile))
                            .contains("BEGIN CERTIFICATE"),
                    caFile);
            HttpResponse<String> version = HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(URI.create(simulator.url() + "/api/settings.getDokployVersion"))
                                    .header("x-api-key", "k3y")
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            assertEquals(200, version.statusCode());
            assertEquals("\"v0.28.0\"", version.body());
        }
    }

    @Test
    void servesTheTemplateAsked() {
        try (DokploySimulator simulator = DokploySimulatorMain.start(
                new String[] {"--port", "0", "--deploy-ms", "20", "--template", "pr1068", "--stack", "acme"},
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8))) {
            assertTrue(
                    !simulator.composes().get(0).env().contains("LOGFLARE_"), "PR #1068's env has no Logflare tokens");
        }
        assertThrows(
                IllegalArgumentException.class,
                () -> DokploySimulatorMain.start(
                        new String[] {"--template", "june"}, new PrintStream(new ByteArrayOutputStream())));
    }

    @Test
    void refusesUnknownOptions() {
        assertThrows(
                IllegalArgumentException.class,
                () -> DokploySimulatorMain.start(
                        new String[] {"--prot", "1"}, new PrintStream(new ByteArrayOutputStream())));
        assertThrows(
                IllegalArgumentException.class,
                () -> DokploySimulatorMain.start(
                        new String[] {"--port"}, new PrintStream(new ByteArrayOutputStream())));
    }
}
