package dev.supadokploy.pg.diff;

import java.util.Set;

/**
 * The roles of the target's server, for owners: {@code user} is who reads it (and, presumably, runs the script, so
 * owns what it creates); {@code existing} every role there, since an owner can only be set to one of them.
 */
public record Roles(String user, Set<String> existing) {
    public Roles {
        existing = Set.copyOf(existing);
    }
}
