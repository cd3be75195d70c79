package dev.supadokploy.supabase;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.supadokploy.testing.dokploy.SupabaseTemplates;
import dev.supadokploy.testing.dokploy.SupabaseTemplates.Variant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** The stack's shape read from the three templates operators have, and from the compose forms Docker accepts. */
class StackShapeTest {

    private static StackShape of(Variant variant) {
        return StackShape.read(SupabaseTemplates.compose(variant)).orElseThrow();
    }

    @Test
    void theJulyTemplate() {
        StackShape july = of(Variant.JULY);
        assertEquals(
                List.of(
                        "studio",
                        "kong",
                        "auth",
                        "rest",
                        "realtime",
                        "storage",
                        "imgproxy",
                        "meta",
                        "functions",
                        "analytics",
                        "db",
                        "vector",
                        "supavisor"),
                july.serviceNames());
        assertEquals("kong", july.gateway().orElseThrow().name());
        assertEquals(OptionalInt.of(8000), july.gatewayPort());
        assertEquals(Optional.of("supabase/postgres:17.6.1.136"), july.dbImage());
        assertEquals(OptionalInt.of(17), july.postgresMajor());
        for (String unchecked : List.of("rest", "meta", "functions")) {
            assertFalse(july.healthChecked(unchecked), unchecked + " has no healthcheck in the template");
        }
        assertTrue(july.healthChecked("db") && july.healthChecked("studio") && july.healthChecked("vector"));
        assertEquals(List.of("db", "kong"), july.vitalServices());
        assertEquals(List.of("db", "kong", "auth", "rest"), july.essentialServices());
        assertEquals(List.of("studio", "analytics", "vector"), july.servicesReading("LOGFLARE_PUBLIC_ACCESS_TOKEN"));
        assertEquals(List.of("auth"), july.servicesReading("JWT_KEYS"), "the template hands JWT_KEYS to GoTrue only");
        assertEquals(List.of(), july.servicesReading("JWT_JWKS"));
        assertEquals(List.of("rest", "realtime", "storage"), july.verifiersWithoutJwks());
        assertTrue(july.service("kong")
                .orElseThrow()
                .fileMounts()
                .contains(new StackShape.Mount(
                        "../files/volumes/api/kong-entrypoint.sh", "/home/kong/kong-entrypoint.sh")));
        assertFalse(
                july.service("db").orElseThrow().fileMounts().stream()
                        .anyMatch(m -> m.source().equals("db-config")),
                "a named volume is not a file mount");
    }

    @Test
    void prNumber1068sTemplate() {
        StackShape pr = of(Variant.PR1068);
        assertEquals(11, pr.serviceNames().size(), pr.serviceNames()::toString);
        assertFalse(pr.has("analytics") || pr.has("vector"));
        assertEquals(List.of(), pr.servicesReading("LOGFLARE_PUBLIC_ACCESS_TOKEN"));
        assertEquals(List.of(), pr.servicesReading("DOCKER_SOCKET_LOCATION"));
        assertEquals("kong/kong:3.9.3", pr.gateway().orElseThrow().image());
        assertEquals(OptionalInt.of(17), pr.postgresMajor());
        String file = SupabaseTemplates.compose(Variant.PR1068);
        assertFalse(
                file.contains("analytics") || file.contains("vector"), "no reference to the removed services is left");
    }

    @Test
    void theEnvoyGateway() {
        StackShape envoy = of(Variant.ENVOY);
        assertFalse(envoy.has("kong"));
        StackShape.Service gw = envoy.gateway().orElseThrow();
        assertEquals("api-gw", gw.name());
        assertTrue(gw.image().startsWith("envoyproxy/envoy"));
        assertEquals(OptionalInt.of(8000), envoy.gatewayPort());
        assertEquals(List.of("db", "api-gw"), envoy.vitalServices());
        assertEquals(List.of("db", "api-gw", "auth", "rest"), envoy.essentialServices());
        assertEquals(List.of(), envoy.servicesReading("KONG_DATABASE"));
        assertTrue(envoy.service("studio")
                .orElseThrow()
                .environment()
                .get("SUPABASE_URL")
                .equals("http://api-gw:8000"));
    }

    @Test
    void postgresMajorOfTheDbImage() {
        assertEquals(OptionalInt.of(15), StackShape.postgresMajor("supabase/postgres:15.8.1.085"));
        assertEquals(OptionalInt.of(17), StackShape.postgresMajor("supabase/postgres:17.6.1.136"));
        assertEquals(
                OptionalInt.of(17), StackShape.postgresMajor("registry.example.com:5000/supabase/postgres:17.4.1"));
        assertEquals(OptionalInt.empty(), StackShape.postgresMajor("supabase/postgres:${PG_VERSION}"));
        assertEquals(OptionalInt.empty(), StackShape.postgresMajor("supabase/postgres"));
    }

    @Test
    void theFormsComposeAccepts() {
        String file = """
                services:
                  a:
                    image: x
                    healthcheck: disable
                  b:
                    image: x
                    healthcheck:
                      disable: true
                  c:
                    image: x
                    healthcheck:
                      test: ["NONE"]
                  d:
                    image: x
                    healthcheck:
                      test: curl -f http://localhost
                    environment:
                      - PLAIN=1
                      - FROM_HOST
                      - KEYS=$JWT_JWKS
                    volumes:
                      - type: bind
                        source: ../files/volumes/a.conf
                        target: /etc/a.conf
                      - data:/var/lib/data
                    ports:
                      - "127.0.0.1:8443:8443/tcp"
                """;
        StackShape shape = StackShape.read(file).orElseThrow();
        assertEquals(
                List.of(false, false, false, true),
                shape.services().stream().map(StackShape.Service::healthcheck).toList());
        StackShape.Service d = shape.service("d").orElseThrow();
        assertEquals("1", d.environment().get("PLAIN"));
        assertTrue(d.reads("FROM_HOST"), "a bare name passes the host's value");
        assertTrue(d.reads("JWT_JWKS"));
        assertFalse(d.reads("JWT"), "a prefix of a name is not the name");
        assertEquals(List.of(new StackShape.Mount("../files/volumes/a.conf", "/etc/a.conf")), d.fileMounts());
        assertEquals(List.of(8443), d.ports());
        assertEquals(Optional.empty(), shape.gateway());
    }

    @Test
    void nothingToReadIsEmpty() {
        for (String file :
                new String[] {null, "", "   ", "services: [", "version: '3'\n", "services: {}\n", "- a\n- b\n"}) {
            assertEquals(Optional.empty(), StackShape.read(file), String.valueOf(file));
        }
    }
}
