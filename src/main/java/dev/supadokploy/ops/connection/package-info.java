/**
 * How an operation reaches PostgreSQL and Dokploy: the inputs that name a database ({@code ConnectionInput}, two of
 * them in {@code Databases}) or a Dokploy server ({@code DokployInput}), what opens them under the caller's policy
 * ({@code ConnectionResolver}, {@code TwoDatabases}, {@code DokployConnector}), and which Supabase compose an input
 * names and what runs in it ({@code MonitoredStack}). Shared by every group; imports none.
 */
package dev.supadokploy.ops.connection;
