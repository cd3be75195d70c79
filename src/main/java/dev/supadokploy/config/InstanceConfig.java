package dev.supadokploy.config;

/**
 * One named instance from config.toml ({@code [instances.NAME]}). Values that are secrets
 * ({@code databaseUrl} may embed a password, {@code databasePassword}) are kept as written, usually
 * {@code env:}/{@code file:} references, and resolved only when a connection is opened.
 */
public record InstanceConfig(
        String name,
        String databaseUrl,
        String databasePassword,
        String dokployComposeId,
        String supabaseUrl,
        String environment) {}
