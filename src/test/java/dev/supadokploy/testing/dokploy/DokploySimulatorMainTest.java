package dev.supadokploy.testing.dokploy;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DokploySimulatorMainTest {

    @Test
    void printsItsUrlWhenReadyAndAnswersWithTheGivenKey() throws Exception {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        try (DokploySimulator simulator = DokploySimulatorMain.start(
                new String[] {"--port", "0", "--api-key", "k3y", "--version", "v0.28.0"},
                new PrintStream(printed, true, StandardCharsets.UTF_8))) {
            String line = printed.toString(StandardCharsets.UTF_8);
            assertTrue(line.contains("ready at " + simulator.url()), line);
            HttpResponse<String> version = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create(simulator.url() + "/api/settings.getDokployVersion"))
                            .header("x-api-key", "k3y").build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, version.statusCode());
            assertEquals("\"v0.28.0\"", version.body());
        }
    }

    @Test
    void refusesUnknownOptions() {
        assertThrows(IllegalArgumentException.class,
                () -> DokploySimulatorMain.start(new String[] {"--prot", "1"}, new PrintStream(new ByteArrayOutputStream())));
        assertThrows(IllegalArgumentException.class,
                () -> DokploySimulatorMain.start(new String[] {"--port"}, new PrintStream(new ByteArrayOutputStream())));
    }
}
