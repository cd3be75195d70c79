package dev.supadokploy.supabase.keys;

import java.util.ArrayList;
import java.util.List;

/** What a JWT_SECRET must be for every Supabase service to read it the same way, and for keys signed with it to be safe. */
public final class JwtSecretRules {
    /** PostgREST and GoTrue refuse HS256 secrets shorter than 32 characters. */
    public static final int MIN_LENGTH = 32;

    private JwtSecretRules() {}

    /** Why this secret must not sign keys, one reason per entry; empty when it may. Never includes the value. */
    public static List<String> problems(String secret) {
        return problems(secret, false);
    }

    /**
     * As {@link #problems(String)}, for a secret whose '$' reaches the services literally when {@code dollarLiteral}
     * (Dokploy v0.30.0+ writes the .env quoted with '$' escaped), so '$' is then no reason.
     */
    public static List<String> problems(String secret, boolean dollarLiteral) {
        List<String> problems = new ArrayList<>();
        if (secret == null || secret.isEmpty()) {
            problems.add("it is empty");
            return problems;
        }
        if (secret.length() < MIN_LENGTH) {
            problems.add(
                    "it is " + secret.length() + " characters long; PostgREST and GoTrue need at least " + MIN_LENGTH);
        }
        if (secret.startsWith("@")) {
            problems.add(
                    "it starts with '@', which PostgREST reads as a file path (jwt-secret = @/path), not as the secret");
        }
        if (secret.contains("$") && !dollarLiteral) {
            problems.add(
                    "it contains '$', which Docker Compose and Dokploy interpolate in .env values, so services would see a different secret");
        }
        if (!secret.equals(secret.strip())) {
            problems.add("it has leading or trailing whitespace, which .env parsers strip");
        }
        PublishedExamples.describe(secret)
                .ifPresent(what -> problems.add("it is " + what + ": anyone can sign service_role keys with it"));
        return problems;
    }
}
