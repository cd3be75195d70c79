package dev.supadokploy.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.supadokploy.testing.McpProcess;
import dev.supadokploy.testing.NeedsSimulator;
import dev.supadokploy.testing.StartsProcess;
import dev.supadokploy.testing.dokploy.DeployedStack;
import dev.supadokploy.testing.dokploy.DokploySimulator;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code monitor logs --follow} as a real process on a Dokploy before v0.29: it streams new lines over the logs
 * WebSocket until it is stopped (SIGTERM here; Ctrl-C takes the same shutdown path), and stopping it ends the
 * follow on the server too.
 */
@NeedsSimulator
@StartsProcess
class MonitorLogsFollowIT {
    @TempDir
    Path home;

    @Test
    void streamsNewLinesUntilStopped() throws Exception {
        try (DokploySimulator sim = DokploySimulator.start(DokploySimulator.Options.defaults()
                .withDeployDuration(Duration.ofMillis(30))
                .withVersion("v0.28.0"))) {
            sim.logEvery(Duration.ofMillis(200));
            DeployedStack stack = DeployedStack.deploy(sim, "acme");
            ProcessBuilder pb = new ProcessBuilder(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-jar",
                    McpProcess.jar().toString(),
                    "monitor",
                    "logs",
                    "--compose-id",
                    stack.composeId(),
                    "--service",
                    "kong",
                    "--tail",
                    "1",
                    "--follow",
                    "--timestamps");
            pb.environment().clear();
            pb.environment()
                    .putAll(java.util.Map.of(
                            "HOME",
                            home.toString(),
                            "XDG_CONFIG_HOME",
                            home.resolve("config").toString(),
                            "DOKPLOY_URL",
                            sim.url(),
                            "DOKPLOY_API_KEY",
                            sim.apiKey()));
            Path err = home.resolve("stderr");
            Process process = pb.redirectError(err.toFile()).start();
            try {
                List<String> lines = new ArrayList<>();
                try (BufferedReader out =
                        new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                    while (lines.size() < 4) {
                        String line = out.readLine();
                        assertTrue(line != null, "stdout ended early; stderr: " + Files.readString(err));
                        lines.add(line);
                    }
                    assertEquals(1, sim.logFollowers());
                    process.destroy(); // SIGTERM
                    assertTrue(process.waitFor(10, TimeUnit.SECONDS), "stopped");
                }
                assertTrue(lines.stream().allMatch(l -> l.matches("\\S+Z kong health check ok")), lines::toString);
                assertTrue(
                        Files.readString(err).contains("Following " + stack.appName() + "-kong-1"),
                        Files.readString(err));
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
                while (sim.logFollowers() > 0 && System.nanoTime() < deadline) {
                    Thread.sleep(20);
                }
                assertEquals(0, sim.logFollowers(), "the server's follow ended with the process");
            } finally {
                process.destroyForcibly();
            }
        }
    }
}
