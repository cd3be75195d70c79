package dev.supadokploy.supabase.rules;

/**
 * What {@code validate config --fix} does about a finding. JWT_SECRET and POSTGRES_PASSWORD are baked into
 * the database at its first boot, so changing them needs an explicit opt-in flag and work inside the
 * database; everything else --fix can change safely on its own, or not at all ({@link #manual}).
 */
public enum Remedy {
    /** Re-sign ANON_KEY / SERVICE_ROLE_KEY with the existing JWT_SECRET and Supabase's claims. */
    resign_key,
    /** Generate a fresh value in the form the service needs (length, alphabet). */
    generate_secret,
    /** Replace JWT_SECRET and re-sign both keys: only with --rotate-jwt-secret. */
    rotate_jwt_secret,
    /** Replace POSTGRES_PASSWORD: only with --rotate-postgres-password. */
    rotate_postgres_password,
    /** Remove the trailing slash of a URL. */
    strip_trailing_slash,
    /** Point a URL (or SUPABASE_HOST) at the public URL given with --public-url. */
    set_public_url,
    /** Redeploy the compose so the containers read the env that is saved (Dokploy source only). */
    redeploy,
    /** Only the operator knows the answer (SMTP server, the site's URL, which duplicate is meant). */
    manual
}
