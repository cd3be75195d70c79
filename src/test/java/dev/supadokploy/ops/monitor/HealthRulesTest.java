package dev.supadokploy.ops.monitor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.supadokploy.dokploy.Compose;
import dev.supadokploy.dokploy.Container;
import dev.supadokploy.dokploy.Deployment;
import dev.supadokploy.ops.connection.MonitoredStack;
import dev.supadokploy.supabase.SupabaseServices;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The verdict rules on hand-made container lists, including cases the simulator cannot produce. */
class HealthRulesTest {
    private static final String APP = "acme-supabase-x1y2z3";

    /** The July template's services, health-checked as there: rest, meta and functions have no healthcheck. */
    static final String JULY_LIKE = composeOf(SupabaseServices.EXPECTED, List.of("rest", "meta", "functions"));

    static String composeOf(List<String> services, List<String> unchecked) {
        StringBuilder file = new StringBuilder("services:\n");
        for (String s : services) {
            file.append("  ")
                    .append(s)
                    .append(":\n    image: example/")
                    .append(s)
                    .append(":1\n");
            if (!unchecked.contains(s)) {
                file.append("    healthcheck:\n      test: [\"CMD\", \"true\"]\n");
            }
        }
        return file.toString();
    }

    private static MonitoredStack stack(String composeStatus, List<Container> containers) {
        return stack(composeStatus, containers, JULY_LIKE);
    }

    private static MonitoredStack stack(String composeStatus, List<Container> containers, String composeFile) {
        return new MonitoredStack(
                new Compose(
                        "c1",
                        "supabase",
                        APP,
                        null,
                        "",
                        composeStatus,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        composeFile),
                containers);
    }

    private static List<Container> all(String status) {
        List<Container> list = new ArrayList<>();
        for (String s : SupabaseServices.EXPECTED) {
            list.add(new Container("id-" + s, APP + "-" + s + "-1", "running", status));
        }
        return list;
    }

    private static List<Container> replace(List<Container> list, String service, String state, String status) {
        List<Container> copy = new ArrayList<>(list);
        copy.replaceAll(c -> c.name().equals(APP + "-" + service + "-1")
                ? new Container(c.containerId(), c.name(), state, status)
                : c);
        return copy;
    }

    @Test
    void verdicts() {
        List<Container> healthy = all("Up 3 minutes (healthy)");
        assertEquals(
                "healthy",
                MonitorHealthOperation.assess(stack("done", healthy), null).overall());
        assertEquals(
                "down",
                MonitorHealthOperation.assess(stack("done", List.of()), null).overall());
        assertEquals(
                "down",
                MonitorHealthOperation.assess(
                                stack("done", replace(healthy, "kong", "exited", "Exited (137) 2 hours ago")), null)
                        .overall());
        assertEquals(
                "degraded",
                MonitorHealthOperation.assess(
                                stack("done", replace(healthy, "studio", "exited", "Exited (1) 1 second ago")), null)
                        .overall());
        assertEquals(
                "degraded",
                MonitorHealthOperation.assess(stack("done", healthy.subList(0, 12)), null)
                        .overall(),
                "studio missing");
        assertEquals(
                "degraded",
                MonitorHealthOperation.assess(stack("error", healthy), null).overall(),
                "a failed deploy is never healthy");
        assertEquals(
                "healthy",
                MonitorHealthOperation.assess(
                                stack(
                                        "done",
                                        all("Up 5 seconds"),
                                        composeOf(SupabaseServices.EXPECTED, SupabaseServices.EXPECTED)),
                                null)
                        .overall(),
                "no health check: running is all there is to know");
        MonitorHealthOperation.Result noHealthYet =
                MonitorHealthOperation.assess(stack("done", all("Up 5 seconds")), null);
        assertEquals(
                "degraded",
                noHealthYet.overall(),
                "a service the file health-checks is not ready without a health state");
        assertEquals(3, noHealthYet.ready(), "only rest, meta and functions, which have no health check, are ready");
    }

    @Test
    void withoutAReadableComposeFileTheTemplatesServicesAreAssumedAndSaid() {
        for (String file : new String[] {null, "", "not: [yaml", "version: '3'\n"}) {
            MonitorHealthOperation.Result r = MonitorHealthOperation.assess(
                    stack("done", all("Up 3 minutes (healthy)").subList(0, 12), file), null);
            assertEquals(List.of("studio"), r.missing(), String.valueOf(file));
            assertEquals("degraded", r.overall());
            assertTrue(
                    r.alerts().stream()
                            .anyMatch(a -> a.severity().equals("warning")
                                    && a.service() == null
                                    && a.message().contains("could not be read")
                                    && a.message().contains("template's services")),
                    r.alerts()::toString);
        }
    }

    @Test
    void startingDuringADeployIsOnlyInfo() {
        MonitorHealthOperation.Result r = MonitorHealthOperation.assess(
                stack("running", all("Up 2 seconds (health: starting)")),
                new Deployment("d1", "deploy", "", "running", null, null, null, null, "c1"));
        assertEquals("degraded", r.overall());
        assertEquals(
                List.of("info"),
                r.alerts().stream()
                        .map(MonitorHealthOperation.Alert::severity)
                        .distinct()
                        .toList());
        assertEquals("running", r.lastDeployment().status());
    }

    @Test
    void anotherComposesContainersAreNotCounted() {
        List<Container> mixed = new ArrayList<>(all("Up 3 minutes (healthy)"));
        mixed.add(new Container("other", APP + "2-auth-1", "exited", "Exited (1) 1 second ago"));
        // MonitoredStack.read drops names without the "<appName>-" prefix; service() is what it relies on
        assertEquals(null, mixed.get(mixed.size() - 1).service(APP));
    }

    @Test
    void sinceTakesDurationsAndRfc3339Times() {
        Instant now = Instant.parse("2026-11-24T03:00:00Z");
        assertEquals("10m", MonitorLogsOperation.since("10m", now));
        assertEquals("600s", MonitorLogsOperation.since("2026-11-24T02:50:00Z", now));
        assertEquals("600s", MonitorLogsOperation.since("2026-11-24T03:50:00+01:00", now));
    }
}
