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

    /** The roles of {@code connection}'s server, its user the one who runs what is made from them. */
    public static Roles read(java.sql.Connection connection) throws java.sql.SQLException {
        try (java.sql.Statement statement = connection.createStatement();
                java.sql.ResultSet rows = statement.executeQuery(SchemaSnapshot.ROLES)) {
            rows.next();
            return new Roles(
                    rows.getString(1), Set.of((String[]) rows.getArray(2).getArray()));
        }
    }
}
