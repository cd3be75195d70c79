package dev.supadokploy.ops.instances;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ConfigSnippetTest {
    @Test
    void namesAvoidTheTakenOnes() {
        assertEquals("staging", ConfigSnippet.suggestName("Acme", "staging", "acme-supabase-x1", Set.of()));
        assertEquals(
                "acme-staging", ConfigSnippet.suggestName("Acme", "staging", "acme-supabase-x1", Set.of("staging")));
        assertEquals(
                "acme-staging-acme-supabase-x1",
                ConfigSnippet.suggestName("Acme", "staging", "acme-supabase-x1", Set.of("staging", "acme-staging")));
        assertEquals(
                "production",
                ConfigSnippet.suggestName("Old Server", null, "app", Set.of()),
                "pre-0.25: no environment");
    }

    @Test
    void theSnippetIsValidTomlThatConfigAccepts() throws Exception {
        String toml = ConfigSnippet.of("acme-staging", "id\"1", "staging", "https://api.example.com");
        JsonNode parsed = new TomlMapper().readTree(toml).get("instances").get("acme-staging");
        assertEquals("id\"1", parsed.get("dokploy_compose_id").asText());
        assertEquals("staging", parsed.get("environment").asText());
        assertEquals("https://api.example.com", parsed.get("supabase_url").asText());
        assertEquals(3, parsed.size(), "database_url stays a comment: the operator chooses where the password lives");
    }
}
