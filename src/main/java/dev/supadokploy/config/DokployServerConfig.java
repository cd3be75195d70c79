package dev.supadokploy.config;

/** The {@code [dokploy]} table: the Dokploy server and its API key reference. */
public record DokployServerConfig(String url, String apiKey) {}
