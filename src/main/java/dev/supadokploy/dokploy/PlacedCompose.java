package dev.supadokploy.dokploy;

/**
 * A compose as {@code compose.one} gives it, with the name of its server (null on the Dokploy host) and the number of
 * its file mounts (a template deploy cut short leaves fewer than the template has, or none).
 */
public record PlacedCompose(Compose compose, String serverName, int mounts) {}
