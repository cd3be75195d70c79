package dev.supadokploy.supabase.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.supadokploy.dokploy.Domain;
import dev.supadokploy.testing.EnvFixtures;
import dev.supadokploy.util.DotEnv;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SupabaseStackRecognizerTest {
    private static Domain domain(String service, String host, boolean https, String path) {
        return new Domain(
                "d-" + host, host, 8000, https, https ? "letsencrypt" : "none", service, "c1", "compose", path);
    }

    @Test
    void theTemplatesEnvIsAStackAndAClientAppIsNot() throws Exception {
        assertTrue(SupabaseStackRecognizer.isSupabase(DotEnv.parse(EnvFixtures.read(EnvFixtures.DOKPLOY_CURRENT))));
        assertFalse(
                SupabaseStackRecognizer.isSupabase(
                        DotEnv.parse("ANON_KEY=eyJ\nSERVICE_ROLE_KEY=eyJ\nSUPABASE_URL=https://x\n")),
                "an app holding the keys is not the server");
        assertFalse(
                SupabaseStackRecognizer.isSupabase(
                        DotEnv.parse("JWT_SECRET=\nANON_KEY=a\nSERVICE_ROLE_KEY=b\nPOSTGRES_PASSWORD=c\n")),
                "an empty marker does not count");
    }

    @Test
    void theKongDomainWinsAndHttpsIsPreferred() {
        List<Domain> domains = List.of(
                domain("studio", "studio.example.com", true, "/"),
                domain("kong", "plain.example.com", false, "/"),
                domain("kong", "api.example.com", true, "/"));
        assertEquals(Optional.of("https://api.example.com"), SupabaseStackRecognizer.domainUrl(domains));
        assertEquals(
                Optional.empty(),
                SupabaseStackRecognizer.domainUrl(List.of(domain("studio", "s.example.com", true, "/"))));
        // a disabled domain (enabled:false) is not served by Traefik, so it is not the public URL
        Domain off =
                new Domain("d-off", "api.example.com", 8000, true, "letsencrypt", "kong", "c1", "compose", "/", false);
        Domain on = new Domain("d-on", "plain.example.com", 8000, false, "none", "kong", "c1", "compose", "/", true);
        assertEquals(Optional.of("http://plain.example.com"), SupabaseStackRecognizer.domainUrl(List.of(off, on)));
        assertEquals(Optional.empty(), SupabaseStackRecognizer.domainUrl(List.of(off)));
        assertTrue(SupabaseStackRecognizer.looksLikeSupabaseFile(
                "services:\n  db:\n    image: supabase/postgres:17.6.1.136\n"));
        assertFalse(SupabaseStackRecognizer.looksLikeSupabaseFile("services:\n  web:\n    image: nginx\n"));
        assertEquals(
                Optional.of("https://pub.example.com"),
                SupabaseStackRecognizer.envUrl(DotEnv.parse(
                        "API_EXTERNAL_URL=https://api.example.com\nSUPABASE_PUBLIC_URL=https://pub.example.com\n")));
    }
}
