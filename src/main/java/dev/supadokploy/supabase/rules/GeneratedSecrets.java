package dev.supadokploy.supabase.rules;

import dev.supadokploy.supabase.keys.StackSecrets;
import java.util.Optional;

/**
 * The values --fix may generate, in the forms {@link StackSecrets} defines. JWT_SECRET and POSTGRES_PASSWORD
 * are baked into the database at its first boot, so they are generated only with an explicit opt-in flag.
 */
public final class GeneratedSecrets {
    /** Only with --rotate-jwt-secret. */
    public static final StackSecrets.Spec JWT_SECRET = StackSecrets.JWT_SECRET;
    /** Only with --rotate-postgres-password. */
    public static final StackSecrets.Spec POSTGRES_PASSWORD = StackSecrets.POSTGRES_PASSWORD;

    private GeneratedSecrets() {}

    /** The spec of a value --fix regenerates without an opt-in flag. */
    public static Optional<StackSecrets.Spec> of(String variable) {
        return variable.equals(POSTGRES_PASSWORD.variable()) ? Optional.empty() : StackSecrets.spec(variable);
    }
}
