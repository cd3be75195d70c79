package dev.supadokploy.supabase.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Rule 7 of the issue: the public URLs, SITE_URL and ADDITIONAL_REDIRECT_URLS. */
class UrlRulesTest {

    @Test
    void matchingPublicUrlIsFine() {
        assertEquals(
                List.of(),
                EnvUnderTest.healthy().publicUrl("https://supabase.example.com").labels());
        assertEquals(
                List.of(),
                EnvUnderTest.healthy()
                        .publicUrl("https://supabase.example.com:443/")
                        .labels());
        assertEquals(
                List.of(),
                EnvUnderTest.healthy().publicUrl("supabase.example.com").labels(),
                "a bare domain checks the host");
    }

    @Test
    void httpsUrlsWhereTheStackServesHttp() {
        // Dokploy creates the kong domain with HTTPS off while the template writes https:// URLs.
        EnvUnderTest env = EnvUnderTest.healthy().publicUrl("http://supabase.example.com");
        assertEquals(
                List.of(
                        "error urls.scheme-mismatch API_EXTERNAL_URL",
                        "error urls.scheme-mismatch SUPABASE_PUBLIC_URL"),
                env.labels());
        Finding f = env.findings().get(0);
        assertEquals(Remedy.set_public_url, f.fix().remedy());
        assertEquals("SET API_EXTERNAL_URL=http://supabase.example.com", f.fix().action());
    }

    @Test
    void httpUrlsBehindHttps() {
        EnvUnderTest env = EnvUnderTest.healthy()
                .set("API_EXTERNAL_URL", "http://supabase.example.com")
                .publicUrl("https://supabase.example.com");
        assertEquals(List.of("error urls.scheme-mismatch API_EXTERNAL_URL"), env.labels());
        assertTrue(env.findings().get(0).message().contains("served with https"));
    }

    @Test
    void urlsOfAnotherDomain() {
        EnvUnderTest env = EnvUnderTest.healthy().publicUrl("https://api.acme.dev");
        assertEquals(
                List.of(
                        "error urls.public-url-mismatch API_EXTERNAL_URL",
                        "error urls.public-url-mismatch SUPABASE_HOST",
                        "error urls.public-url-mismatch SUPABASE_PUBLIC_URL"),
                env.labels());
        assertEquals(
                "SET SUPABASE_HOST=api.acme.dev", env.findings().get(1).fix().action());
    }

    @Test
    void supabaseHostIsTheReferenceWithoutAPublicUrl() {
        EnvUnderTest env = EnvUnderTest.healthy().set("SUPABASE_HOST", "supabase.acme.dev");
        assertEquals(
                List.of(
                        "error urls.public-url-mismatch API_EXTERNAL_URL",
                        "error urls.public-url-mismatch SUPABASE_PUBLIC_URL"),
                env.labels());
        assertEquals(
                Remedy.manual, env.findings().get(0).fix().remedy(), "without --public-url the right URL is not known");
    }

    @Test
    void publicUrlsDisagreeingWithEachOther() {
        EnvUnderTest env =
                EnvUnderTest.healthy().remove("SUPABASE_HOST").set("SUPABASE_PUBLIC_URL", "http://studio.example.com");
        assertEquals(
                List.of(
                        "error urls.public-url-mismatch API_EXTERNAL_URL,SUPABASE_PUBLIC_URL",
                        "error urls.scheme-mismatch API_EXTERNAL_URL,SUPABASE_PUBLIC_URL"),
                env.labels());
    }

    @Test
    void kongsInternalPortInAPublicUrl() {
        EnvUnderTest env = EnvUnderTest.healthy()
                .set("SUPABASE_PUBLIC_URL", "https://supabase.example.com:8000")
                .publicUrl("https://supabase.example.com");
        assertEquals(List.of("error urls.public-url-mismatch SUPABASE_PUBLIC_URL"), env.labels());
    }

    @Test
    void missingOrRelativeUrls() {
        EnvUnderTest env = EnvUnderTest.healthy()
                .set("API_EXTERNAL_URL", "supabase.example.com")
                .remove("SITE_URL");
        assertEquals(List.of("error urls.invalid API_EXTERNAL_URL", "error urls.invalid SITE_URL"), env.labels());
    }

    @Test
    void localhostPublicUrlsWithNothingToCompare() {
        EnvUnderTest env = EnvUnderTest.healthy()
                .remove("SUPABASE_HOST")
                .set("API_EXTERNAL_URL", "http://localhost:8000")
                .set("SUPABASE_PUBLIC_URL", "http://localhost:8000");
        assertEquals(
                List.of(
                        "warning urls.public-url-localhost API_EXTERNAL_URL",
                        "warning urls.public-url-localhost SUPABASE_PUBLIC_URL"),
                env.labels());
    }

    @Test
    void siteUrlLeftAtTheTemplateDefault() {
        EnvUnderTest env = EnvUnderTest.healthy().set("SITE_URL", "http://localhost:3000");
        assertEquals(List.of("warning urls.site-url-default SITE_URL"), env.labels());
        assertEquals(Remedy.manual, env.findings().get(0).fix().remedy());
        assertNull(env.findings().get(0).fix().command());
    }

    @Test
    void trailingSlashes() {
        EnvUnderTest env = EnvUnderTest.healthy()
                .set("SITE_URL", "https://app.example.com/")
                .set("API_EXTERNAL_URL", "https://supabase.example.com/");
        assertEquals(
                List.of("warning urls.trailing-slash API_EXTERNAL_URL", "warning urls.trailing-slash SITE_URL"),
                env.labels());
        assertEquals(
                "SET SITE_URL=https://app.example.com",
                env.findings().get(1).fix().action());
        assertEquals(Remedy.strip_trailing_slash, env.findings().get(1).fix().remedy());
    }

    @Test
    void redirectUrlsNotCoveringTheSite() {
        // GoTrue's '*' stops at '/' and '.': https://app.example.com/* does not cover /auth/callback.
        EnvUnderTest single = EnvUnderTest.healthy()
                .set("ADDITIONAL_REDIRECT_URLS", "https://app.example.com/*,http://localhost:3000/**");
        assertEquals(List.of("info urls.redirect-urls-miss-site ADDITIONAL_REDIRECT_URLS"), single.labels());
        assertTrue(single.findings()
                .get(0)
                .fix()
                .action()
                .endsWith("https://app.example.com/** (plus the other origins the application is served from)"));
        assertEquals(
                List.of("info urls.redirect-urls-miss-site ADDITIONAL_REDIRECT_URLS"),
                EnvUnderTest.healthy().set("ADDITIONAL_REDIRECT_URLS", "").labels());
        assertEquals(
                List.of(),
                EnvUnderTest.healthy()
                        .set("ADDITIONAL_REDIRECT_URLS", "https://*.example.com/**")
                        .labels());
    }
}
