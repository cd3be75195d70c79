package dev.supadokploy.testing;

import static org.junit.jupiter.api.Assertions.fail;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Every privilege in some schemas, read straight from PostgreSQL's catalogs with {@code aclexplode} — not through the
 * project's catalog reader, so a check built on it does not share the reader's blind spots: relations, their columns,
 * sequences, functions and procedures, types and domains, the schemas themselves, and default privileges (database-wide
 * ones too). A never-touched ACL (NULL) counts as {@code acldefault}, as PostgreSQL applies it. One line per
 * grantee, privilege and grantor, sorted; names printed with an empty search_path, so always schema-qualified.
 */
public final class Acls {
    private static final String QUERY = """
            WITH s AS (SELECT oid FROM pg_namespace WHERE nspname = ANY (?)),
            o AS (
              SELECT CASE c.relkind WHEN 'S' THEN 'sequence' ELSE 'relation' END AS kind, c.oid::regclass::text AS name,
                     coalesce(c.relacl, acldefault((CASE c.relkind WHEN 'S' THEN 's' ELSE 'r' END)::"char", c.relowner)) AS acl
              FROM pg_class c WHERE c.relnamespace IN (SELECT oid FROM s) AND c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f')
              UNION ALL
              SELECT 'column', c.oid::regclass::text || '.' || quote_ident(a.attname), a.attacl
              FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
              WHERE c.relnamespace IN (SELECT oid FROM s) AND a.attacl IS NOT NULL AND NOT a.attisdropped
              UNION ALL
              SELECT 'function', p.oid::regprocedure::text, coalesce(p.proacl, acldefault('f'::"char", p.proowner))
              FROM pg_proc p WHERE p.pronamespace IN (SELECT oid FROM s)
              UNION ALL
              SELECT 'type', t.oid::regtype::text, coalesce(t.typacl, acldefault('T'::"char", t.typowner))
              FROM pg_type t WHERE t.typnamespace IN (SELECT oid FROM s) AND t.typtype IN ('e', 'd', 'r', 'm')
              UNION ALL
              SELECT 'schema', quote_ident(n.nspname), coalesce(n.nspacl, acldefault('n'::"char", n.nspowner))
              FROM pg_namespace n WHERE n.oid IN (SELECT oid FROM s)
              UNION ALL
              SELECT 'default', d.defaclrole::regrole::text || ' in ' || coalesce(d.defaclnamespace::regnamespace::text, '*')
                     || ' on ' || d.defaclobjtype::text, d.defaclacl
              FROM pg_default_acl d WHERE d.defaclnamespace = 0 OR d.defaclnamespace IN (SELECT oid FROM s)
            )
            SELECT o.kind || ' ' || o.name || ': ' || CASE a.grantee WHEN 0 THEN 'PUBLIC' ELSE a.grantee::regrole::text END || ' '
                   || a.privilege_type || CASE WHEN a.is_grantable THEN ' WITH GRANT OPTION' ELSE '' END
                   || ' (from ' || a.grantor::regrole::text || ')'
            FROM o, aclexplode(o.acl) a
            ORDER BY 1
            """;

    private Acls() {}

    public static List<String> of(Connection connection, String... schemas) throws SQLException {
        List<String> lines = new ArrayList<>();
        try (Statement s = connection.createStatement()) {
            s.execute("SET search_path = ''");
        }
        try (PreparedStatement p = connection.prepareStatement(QUERY)) {
            p.setArray(1, connection.createArrayOf("text", schemas));
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    lines.add(rs.getString(1));
                }
            }
        } finally {
            try (Statement s = connection.createStatement()) {
                s.execute("RESET search_path");
            }
        }
        return lines;
    }

    /** Fails, listing the lines only one side has, unless both hold exactly the same privileges in those schemas. */
    public static void assertSame(Connection expected, Connection actual, String what, String... schemas)
            throws SQLException {
        List<String> want = of(expected, schemas);
        List<String> got = of(actual, schemas);
        if (want.isEmpty() || !want.equals(got)) {
            List<String> missing = new ArrayList<>(want);
            missing.removeAll(got);
            List<String> extra = new ArrayList<>(got);
            extra.removeAll(want);
            fail(what + ": privileges differ in " + String.join(", ", schemas) + " (" + missing.size() + " missing, "
                    + extra.size() + " extra)\nmissing:\n  " + String.join("\n  ", missing) + "\nextra:\n  "
                    + String.join("\n  ", extra));
        }
    }
}
