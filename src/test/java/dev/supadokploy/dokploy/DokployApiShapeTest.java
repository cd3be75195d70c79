package dev.supadokploy.dokploy;

import static dev.supadokploy.dokploy.DokployTestServers.client;
import static dev.supadokploy.dokploy.DokployTestServers.ok;
import static dev.supadokploy.dokploy.DokployTestServers.version;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The procedures the stack's shape needs: containers on the compose's server, a deployment's log, cancelled deploys. */
class DokployApiShapeTest {
    private MockWebServer server;
    private DokployApi api;

    @BeforeEach
    void start() throws Exception {
        server = new MockWebServer();
        server.start();
        api = new DokployApi(client(server));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private RecordedRequest next() throws InterruptedException {
        return server.takeRequest(1, TimeUnit.SECONDS);
    }

    @Test
    void containersAreAskedOnTheComposesServer() throws Exception {
        server.enqueue(ok("[]"));
        server.enqueue(ok("[]"));
        api.containers("acme-supabase-x1y2z3", "srv-1");
        api.containers("acme-supabase-x1y2z3", null);
        RecordedRequest remote = next();
        assertEquals("/api/docker.getContainersByAppNameMatch", remote.getUrl().encodedPath());
        assertEquals("srv-1", remote.getUrl().queryParameter("serverId"));
        assertEquals("docker-compose", remote.getUrl().queryParameter("appType"));
        assertNull(next().getUrl().queryParameter("serverId"), "no serverId: Dokploy's own host");
    }

    @Test
    void aDeploymentsLogFromV0295() throws Exception {
        server.enqueue(version("v0.29.5"));
        server.enqueue(ok("\"line 1\\nError: ❌ Docker command failed\\n\""));
        assertEquals(Optional.of("line 1\nError: ❌ Docker command failed\n"), api.deploymentLog("d1", 8));
        next();
        RecordedRequest r = next();
        assertEquals("/api/deployment.readLogs", r.getUrl().encodedPath());
        assertEquals("d1", r.getUrl().queryParameter("deploymentId"));
        assertEquals("8", r.getUrl().queryParameter("tail"));
    }

    @Test
    void noDeploymentLogBeforeV0295() throws Exception {
        server.enqueue(version("v0.29.4"));
        assertEquals(Optional.empty(), api.deploymentLog("d1", 8));
        assertEquals(1, server.getRequestCount(), "only the version was asked");
    }

    @Test
    void aCancelledDeploymentIsFinished() {
        Deployment cancelled = new Deployment("d1", "t", "", "cancelled", null, null, null, null, "c1");
        assertTrue(cancelled.finished());
        assertTrue(cancelled.cancelled());
        assertFalse(new Deployment("d2", "t", "", "running", null, null, null, null, "c1").finished());
    }
}
