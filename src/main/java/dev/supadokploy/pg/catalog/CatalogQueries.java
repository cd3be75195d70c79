package dev.supadokploy.pg.catalog;

/**
 * The SQL the {@link CatalogReader} runs: one query per object kind over all selected schemas at once,
 * so the number of round trips is fixed however many tables there are. Each takes the selected schema
 * names as a text[] and most take "include extension objects" as a boolean.
 *
 * <p>The reader runs them with {@code search_path} set to empty, as pg_dump does: {@code format_type},
 * {@code pg_get_expr}, {@code pg_get_viewdef} and friends then qualify every name outside pg_catalog,
 * so the text does not depend on the session and can be replayed anywhere.
 *
 * <p>Nested lists (grants, composite attributes, domain constraints) come back as json and are read
 * with Jackson straight into the model's records, so their JSON keys match the records' components.
 */
final class CatalogQueries {
    private CatalogQueries() {}

    /**
     * Pins the search_path for this transaction (remembering the old one, which a caller's transaction
     * gets back) and reads what the rest depends on. Target list items are evaluated left to right.
     */
    static final String SERVER = """
            SELECT current_setting('search_path'),
                   set_config('search_path', '', true),
                   current_database(),
                   current_setting('server_version'),
                   current_setting('server_version_num')::int,
                   ARRAY(SELECT nspname::text FROM pg_namespace
                         WHERE nspname NOT LIKE 'pg\\_%' AND nspname <> 'information_schema') AS schemas
            """;

    /**
     * Privileges as json [{grantee, privileges, grantable, grantor}]; {@code acl} is an aclitem[]
     * expression. Grantee 0 is PUBLIC (pg_get_userbyid would print "unknown (OID=0)").
     */
    static String grantsJson(String acl) {
        return grantsJson(acl, "true");
    }

    /** Only the privileges for which {@code condition} (over {@code a}, a row of aclexplode) holds. */
    private static String grantsJson(String acl, String condition) {
        return """
                (SELECT coalesce(json_agg(json_build_object('grantee', g.grantee, 'privileges', g.privileges,
                                                            'grantable', g.grantable, 'grantor', g.grantor)), '[]')
                 FROM (SELECT CASE WHEN a.grantee = 0 THEN 'PUBLIC' ELSE pg_get_userbyid(a.grantee)::text END AS grantee,
                              pg_get_userbyid(a.grantor)::text AS grantor,
                              a.is_grantable AS grantable,
                              array_agg(a.privilege_type ORDER BY a.privilege_type) AS privileges
                       FROM aclexplode(%s) a
                       WHERE %s
                       GROUP BY 1, 2, 3) g)""".formatted(acl, condition);
    }

    /** For a relation's parts: on a table of a schema read in part, only the application's privileges. */
    private static String relationGrantsJson(String acl) {
        return grantsJson(acl, "(NOT r.partial OR " + applicationGrantee("a.grantee") + ")");
    }

    /** A collation name when it differs from the type's default, else NULL. */
    private static String collation(String collationOid, String typeCollationOid) {
        return """
                (SELECT quote_ident(cn.nspname) || '.' || quote_ident(co.collname)
                 FROM pg_collation co JOIN pg_namespace cn ON cn.oid = co.collnamespace
                 WHERE co.oid = %1$s AND %1$s <> 0 AND %1$s IS DISTINCT FROM %2$s)""".formatted(collationOid, typeCollationOid);
    }

    /** The extension an object belongs to (pg_depend deptype 'e'), joined as alias x. */
    private static String extensionJoin(String catalog, String objectOid) {
        return """
                LEFT JOIN pg_depend xd ON xd.classid = '%s'::regclass AND xd.objid = %s AND xd.deptype = 'e'
                LEFT JOIN pg_extension x ON x.oid = xd.refobjid
                """.formatted(catalog, objectOid);
    }

    static final String SCHEMAS = """
            SELECT n.nspname,
                   pg_get_userbyid(n.nspowner) AS owner,
                   obj_description(n.oid, 'pg_namespace') AS comment,
                   %s AS grants,
                   ((SELECT count(*) FROM pg_depend d JOIN pg_class c ON c.oid = d.objid
                     WHERE d.classid = 'pg_class'::regclass AND d.deptype = 'e' AND c.relnamespace = n.oid
                       AND c.relkind IN ('r', 'p', 'v', 'm', 'S'))
                  + (SELECT count(*) FROM pg_depend d JOIN pg_proc p ON p.oid = d.objid
                     WHERE d.classid = 'pg_proc'::regclass AND d.deptype = 'e' AND p.pronamespace = n.oid)
                  + (SELECT count(*) FROM pg_depend d JOIN pg_type t ON t.oid = d.objid
                     WHERE d.classid = 'pg_type'::regclass AND d.deptype = 'e' AND t.typnamespace = n.oid
                       AND (t.typtype IN ('e', 'd', 'r')
                            OR t.typtype = 'c' AND (SELECT relkind FROM pg_class WHERE oid = t.typrelid) = 'c')))::int
                     AS extension_objects
            FROM pg_namespace n
            WHERE n.nspname = ANY (?::text[])
            """.formatted(grantsJson("coalesce(n.nspacl, acldefault('n', n.nspowner))"));

    /**
     * The relations (tables, views, materialized views) whose parts the following queries read; the
     * extension filter lives here once so every part query agrees with the relations query. Its parameters, bound once
     * in {@code params}: the schemas read in full, whether extension objects are included, the managed schemas read in part
     * ({@link ManagedParts}), all managed schemas, and the platform's roles. A table of a schema read in part is a
     * relation here (with {@code partial} true) only when the application put something on it.
     */
    private static final String REL =
            """
            WITH params AS (SELECT ?::text[] AS schemas, ?::boolean AS ext, ?::text[] AS partial, ?::text[] AS managed,
                              ?::text[] AS platform_roles),
            rel AS (
              SELECT c.oid, n.nspname AS schema_name, c.relname AS rel_name, false AS partial
              FROM params p, pg_class c
              JOIN pg_namespace n ON n.oid = c.relnamespace
              WHERE n.nspname = ANY (p.schemas)
                AND c.relkind IN ('r', 'p', 'v', 'm')
                AND (p.ext OR NOT EXISTS (
                      SELECT 1 FROM pg_depend d
                      WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype = 'e'))
              UNION ALL
              SELECT c.oid, n.nspname, c.relname, true
              FROM params p, pg_class c
              JOIN pg_namespace n ON n.oid = c.relnamespace
              WHERE n.nspname = ANY (p.partial)
                AND c.relkind IN ('r', 'p')
                AND (EXISTS (SELECT 1 FROM pg_trigger t JOIN pg_proc f ON f.oid = t.tgfoid
                             WHERE t.tgrelid = c.oid AND NOT t.tgisinternal AND %1$s)
                     OR EXISTS (SELECT 1 FROM pg_policy pol WHERE pol.polrelid = c.oid)
                     OR EXISTS (SELECT 1 FROM aclexplode(c.relacl) a WHERE %2$s)
                     OR EXISTS (SELECT 1 FROM pg_attribute at, aclexplode(at.attacl) a WHERE at.attrelid = c.oid AND %2$s))
            )
            """.formatted(applicationFunction("f.pronamespace"), applicationGrantee("a.grantee"));

    /** A function (by its schema's oid) outside the managed schemas: a trigger calling it is the application's. */
    private static String applicationFunction(String namespaceOid) {
        return "(SELECT nspname FROM pg_namespace WHERE oid = %s) <> ALL ((SELECT managed FROM params)::text[])"
                .formatted(namespaceOid);
    }

    /** A grantee (an oid, 0 for PUBLIC) that is not one of the platform's roles: its privileges are the application's. */
    private static String applicationGrantee(String grantee) {
        return ("(%1$s = 0 OR NOT (pg_get_userbyid(%1$s)::text = ANY ((SELECT platform_roles FROM params)::text[])"
                        + " OR pg_get_userbyid(%1$s)::text LIKE 'pg\\_%%'))")
                .formatted(grantee);
    }

    static final String RELATIONS = REL
            + """
            SELECT r.schema_name, r.rel_name, c.relkind::text,
                   pg_get_userbyid(c.relowner) AS owner,
                   obj_description(c.oid, 'pg_class') AS comment,
                   c.relpersistence = 'u' AS unlogged,
                   CASE WHEN c.relkind = 'p' THEN pg_get_partkeydef(c.oid) END AS partition_key,
                   pn.nspname AS parent_schema,
                   pc.relname AS parent_name,
                   CASE WHEN c.relispartition THEN pg_get_expr(c.relpartbound, c.oid) END AS partition_bound,
                   (SELECT coalesce(json_agg(json_build_object('schema', hn.nspname, 'name', hc.relname) ORDER BY h.inhseqno), '[]')
                    FROM pg_inherits h JOIN pg_class hc ON hc.oid = h.inhparent JOIN pg_namespace hn ON hn.oid = hc.relnamespace
                    WHERE h.inhrelid = c.oid AND NOT c.relispartition) AS inherits,
                   c.relrowsecurity,
                   c.relforcerowsecurity,
                   CASE c.relreplident WHEN 'd' THEN 'default' WHEN 'n' THEN 'nothing' WHEN 'f' THEN 'full'
                                       WHEN 'i' THEN 'index' END AS replica_identity,
                   c.reloptions::text[] AS options,
                   CASE WHEN c.relkind = 'p' THEN
                          (SELECT CASE WHEN bool_and(l.reltuples >= 0) THEN sum(l.reltuples)::bigint END
                           FROM pg_partition_tree(c.oid) t JOIN pg_class l ON l.oid = t.relid WHERE t.isleaf)
                        WHEN c.reltuples >= 0 THEN c.reltuples::bigint END AS row_estimate,
                   CASE c.relkind
                        WHEN 'p' THEN (SELECT sum(pg_total_relation_size(t.relid))::bigint
                                       FROM pg_partition_tree(c.oid) t WHERE t.isleaf)
                        WHEN 'v' THEN NULL
                        ELSE pg_total_relation_size(c.oid) END AS total_bytes,
                   CASE WHEN c.relkind IN ('v', 'm') THEN pg_get_viewdef(c.oid, true) END AS definition,
                   c.relispopulated,
                   %s AS grants,
                   x.extname,
                   r.partial
            FROM rel r
            JOIN pg_class c ON c.oid = r.oid
            LEFT JOIN pg_inherits pi ON c.relispartition AND pi.inhrelid = c.oid
            LEFT JOIN pg_class pc ON pc.oid = pi.inhparent
            LEFT JOIN pg_namespace pn ON pn.oid = pc.relnamespace
            %s""".formatted(
                            relationGrantsJson("coalesce(c.relacl, acldefault('r', c.relowner))"),
                            extensionJoin("pg_class", "c.oid"));

    static final String COLUMNS = REL
            + """
            SELECT r.schema_name, r.rel_name, a.attname,
                   row_number() OVER (PARTITION BY a.attrelid ORDER BY a.attnum)::int AS position,
                   format_type(a.atttypid, a.atttypmod) AS type,
                   a.attnotnull,
                   CASE WHEN a.attgenerated = '' THEN pg_get_expr(ad.adbin, ad.adrelid) END AS default_expression,
                   CASE a.attidentity WHEN 'a' THEN 'ALWAYS' WHEN 'd' THEN 'BY DEFAULT' END AS identity,
                   CASE WHEN a.attgenerated <> '' THEN pg_get_expr(ad.adbin, ad.adrelid) END AS generated,
                   %s AS collation,
                   NOT a.attislocal AS inherited,
                   CASE WHEN NOT r.partial THEN col_description(a.attrelid, a.attnum) END AS comment,
                   %s AS grants
            FROM rel r
            JOIN pg_attribute a ON a.attrelid = r.oid AND a.attnum > 0 AND NOT a.attisdropped
            JOIN pg_type t ON t.oid = a.atttypid
            LEFT JOIN pg_attrdef ad ON ad.adrelid = a.attrelid AND ad.adnum = a.attnum
            WHERE NOT r.partial OR EXISTS (SELECT 1 FROM aclexplode(a.attacl) x WHERE %s)
            """.formatted(
                            collation("a.attcollation", "t.typcollation"),
                            relationGrantsJson("a.attacl"),
                            applicationGrantee("x.grantee"));

    /**
     * Constraints on the selected relations. A foreign key that references a partitioned table is
     * stored once per referenced partition as well, with the same name on the same table; only the
     * parent row is a constraint anyone wrote, so the clones are skipped.
     */
    static final String CONSTRAINTS = REL + """
            SELECT r.schema_name, r.rel_name, con.conname,
                   CASE con.contype WHEN 'p' THEN 'primary_key' WHEN 'u' THEN 'unique' WHEN 'f' THEN 'foreign_key'
                                    WHEN 'c' THEN 'check' WHEN 'x' THEN 'exclusion' WHEN 't' THEN 'constraint_trigger'
                                    WHEN 'n' THEN 'not_null' ELSE con.contype::text END AS type,
                   pg_get_constraintdef(con.oid, true) AS definition,
                   ARRAY(SELECT a.attname::text FROM unnest(con.conkey) WITH ORDINALITY k(num, ord)
                         JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.num ORDER BY k.ord) AS columns,
                   fn.nspname AS referenced_schema,
                   fc.relname AS referenced_table,
                   ARRAY(SELECT a.attname::text FROM unnest(con.confkey) WITH ORDINALITY k(num, ord)
                         JOIN pg_attribute a ON a.attrelid = con.confrelid AND a.attnum = k.num ORDER BY k.ord) AS referenced_columns,
                   CASE WHEN con.contype = 'f' THEN %1$s END AS on_update,
                   CASE WHEN con.contype = 'f' THEN %2$s END AS on_delete,
                   CASE WHEN con.contype = 'f' THEN CASE con.confmatchtype WHEN 'f' THEN 'FULL' WHEN 'p' THEN 'PARTIAL'
                                                                           ELSE 'SIMPLE' END END AS match_type,
                   con.condeferrable,
                   con.condeferred,
                   con.convalidated,
                   con.contype = 'c' AND con.connoinherit AS connoinherit,
                   NOT con.conislocal AS inherited,
                   CASE WHEN con.contype = 'c' THEN pg_get_expr(con.conbin, con.conrelid, true) END AS expression,
                   ic.relname AS index_name,
                   obj_description(con.oid, 'pg_constraint') AS comment
            FROM rel r
            JOIN pg_constraint con ON con.conrelid = r.oid
            LEFT JOIN pg_class fc ON fc.oid = con.confrelid
            LEFT JOIN pg_namespace fn ON fn.oid = fc.relnamespace
            LEFT JOIN pg_class ic ON ic.oid = con.conindid AND con.contype IN ('p', 'u', 'x')
            WHERE NOT r.partial
              AND NOT EXISTS (SELECT 1 FROM pg_constraint parent
                              WHERE parent.oid = con.conparentid AND parent.conrelid = con.conrelid)
            """.formatted(fkAction("con.confupdtype"), fkAction("con.confdeltype"));

    private static String fkAction(String column) {
        return "CASE " + column + " WHEN 'a' THEN 'NO ACTION' WHEN 'r' THEN 'RESTRICT' WHEN 'c' THEN 'CASCADE' "
                + "WHEN 'n' THEN 'SET NULL' WHEN 'd' THEN 'SET DEFAULT' END";
    }

    /** pg_index.indnullsnotdistinct exists from PostgreSQL 15. */
    static String indexes(int serverVersionNum) {
        String nullsNotDistinct = serverVersionNum >= 150000 ? "i.indnullsnotdistinct" : "false";
        return REL + """
                SELECT r.schema_name, r.rel_name, ic.relname,
                       pg_get_indexdef(i.indexrelid) AS definition,
                       am.amname,
                       i.indisunique,
                       i.indisprimary,
                       ARRAY(SELECT pg_get_indexdef(i.indexrelid, k, true)
                             FROM generate_series(1, i.indnkeyatts) k ORDER BY k) AS keys,
                       ARRAY(SELECT pg_get_indexdef(i.indexrelid, k, true)
                             FROM generate_series(i.indnkeyatts + 1, i.indnatts) k ORDER BY k) AS include,
                       pg_get_expr(i.indpred, i.indrelid, true) AS predicate,
                       %s AS nulls_not_distinct,
                       con.conname AS constraint_name,
                       i.indisvalid,
                       EXISTS (SELECT 1 FROM pg_inherits h WHERE h.inhrelid = i.indexrelid) AS inherited,
                       obj_description(i.indexrelid, 'pg_class') AS comment
                FROM rel r
                JOIN pg_index i ON i.indrelid = r.oid
                JOIN pg_class ic ON ic.oid = i.indexrelid
                JOIN pg_am am ON am.oid = ic.relam
                LEFT JOIN pg_constraint con ON con.conindid = i.indexrelid AND con.conrelid = i.indrelid
                                           AND con.contype IN ('p', 'u', 'x')
                WHERE NOT r.partial
                """.formatted(nullsNotDistinct);
    }

    /** tgtype bits (pg_trigger.h): 1 ROW, 2 BEFORE, 4 INSERT, 8 DELETE, 16 UPDATE, 32 TRUNCATE, 64 INSTEAD. */
    static final String TRIGGERS = REL + """
            SELECT r.schema_name, r.rel_name, t.tgname,
                   CASE WHEN t.tgtype::int & 2 <> 0 THEN 'BEFORE' WHEN t.tgtype::int & 64 <> 0 THEN 'INSTEAD OF'
                        ELSE 'AFTER' END AS timing,
                   array_remove(ARRAY[CASE WHEN t.tgtype::int & 4 <> 0 THEN 'INSERT' END,
                                      CASE WHEN t.tgtype::int & 16 <> 0 THEN 'UPDATE' END,
                                      CASE WHEN t.tgtype::int & 8 <> 0 THEN 'DELETE' END,
                                      CASE WHEN t.tgtype::int & 32 <> 0 THEN 'TRUNCATE' END], NULL) AS events,
                   CASE WHEN t.tgtype::int & 1 <> 0 THEN 'ROW' ELSE 'STATEMENT' END AS level,
                   pn.nspname AS function_schema,
                   p.proname AS function_name,
                   CASE t.tgenabled WHEN 'O' THEN 'enabled' WHEN 'D' THEN 'disabled' WHEN 'R' THEN 'replica'
                                    WHEN 'A' THEN 'always' END AS enabled,
                   t.tgconstraint <> 0 AS constraint_trigger,
                   t.tgparentid <> 0 AS inherited,
                   pg_get_triggerdef(t.oid, true) AS definition,
                   obj_description(t.oid, 'pg_trigger') AS comment
            FROM rel r
            JOIN pg_trigger t ON t.tgrelid = r.oid AND NOT t.tgisinternal
            JOIN pg_proc p ON p.oid = t.tgfoid
            JOIN pg_namespace pn ON pn.oid = p.pronamespace
            WHERE NOT r.partial OR %s
            """.formatted(applicationFunction("p.pronamespace"));

    static final String POLICIES = REL + """
            SELECT r.schema_name, r.rel_name, pol.polname,
                   CASE pol.polcmd WHEN 'r' THEN 'SELECT' WHEN 'a' THEN 'INSERT' WHEN 'w' THEN 'UPDATE'
                                   WHEN 'd' THEN 'DELETE' ELSE 'ALL' END AS command,
                   pol.polpermissive,
                   ARRAY(SELECT CASE WHEN ro = 0 THEN 'PUBLIC' ELSE pg_get_userbyid(ro)::text END
                         FROM unnest(pol.polroles) ro) AS roles,
                   pg_get_expr(pol.polqual, pol.polrelid, true) AS using_expression,
                   pg_get_expr(pol.polwithcheck, pol.polrelid, true) AS with_check,
                   obj_description(pol.oid, 'pg_policy') AS comment
            FROM rel r
            JOIN pg_policy pol ON pol.polrelid = r.oid
            """;

    /**
     * Functions, procedures and aggregates (their definition a CREATE OR REPLACE AGGREGATE made from pg_aggregate,
     * which pg_get_functiondef cannot render). Those with an internal dependency on another object (the constructor
     * functions CREATE TYPE … AS RANGE makes) come and go with that object and are left out.
     */
    static final String FUNCTIONS = """
            SELECT n.nspname, p.proname,
                   CASE p.prokind WHEN 'f' THEN 'function' WHEN 'p' THEN 'procedure' WHEN 'a' THEN 'aggregate'
                                  WHEN 'w' THEN 'window' END AS kind,
                   pg_get_function_identity_arguments(p.oid) AS identity_arguments,
                   pg_get_function_arguments(p.oid) AS arguments,
                   pg_get_function_result(p.oid) AS result_type,
                   l.lanname,
                   CASE p.provolatile WHEN 'i' THEN 'immutable' WHEN 's' THEN 'stable' ELSE 'volatile' END AS volatility,
                   p.prosecdef,
                   p.proisstrict,
                   p.proleakproof,
                   CASE p.proparallel WHEN 's' THEN 'safe' WHEN 'r' THEN 'restricted' ELSE 'unsafe' END AS parallel,
                   p.proretset,
                   p.proconfig,
                   CASE WHEN p.prokind <> 'a' THEN pg_get_functiondef(p.oid) ELSE
                     'CREATE OR REPLACE AGGREGATE ' || quote_ident(n.nspname) || '.' || quote_ident(p.proname) || '('
                     || coalesce(nullif(pg_get_function_arguments(p.oid), ''), '*') || ') (' || concat_ws(', ',
                       'SFUNC = ' || a.aggtransfn::regproc::text, 'STYPE = ' || format_type(a.aggtranstype, NULL),
                       CASE WHEN a.aggtransspace <> 0 THEN 'SSPACE = ' || a.aggtransspace END,
                       CASE WHEN a.aggfinalfn <> 0 THEN 'FINALFUNC = ' || a.aggfinalfn::regproc::text END,
                       CASE WHEN a.aggfinalextra THEN 'FINALFUNC_EXTRA' END,
                       CASE WHEN a.aggfinalfn <> 0 THEN 'FINALFUNC_MODIFY = '
                         || CASE a.aggfinalmodify WHEN 'r' THEN 'READ_ONLY' WHEN 's' THEN 'SHAREABLE' ELSE 'READ_WRITE' END END,
                       CASE WHEN a.aggcombinefn <> 0 THEN 'COMBINEFUNC = ' || a.aggcombinefn::regproc::text END,
                       CASE WHEN a.aggserialfn <> 0 THEN 'SERIALFUNC = ' || a.aggserialfn::regproc::text END,
                       CASE WHEN a.aggdeserialfn <> 0 THEN 'DESERIALFUNC = ' || a.aggdeserialfn::regproc::text END,
                       CASE WHEN a.agginitval IS NOT NULL THEN 'INITCOND = ' || quote_literal(a.agginitval) END,
                       CASE WHEN a.aggmtransfn <> 0 THEN 'MSFUNC = ' || a.aggmtransfn::regproc::text END,
                       CASE WHEN a.aggminvtransfn <> 0 THEN 'MINVFUNC = ' || a.aggminvtransfn::regproc::text END,
                       CASE WHEN a.aggmtranstype <> 0 THEN 'MSTYPE = ' || format_type(a.aggmtranstype, NULL) END,
                       CASE WHEN a.aggmtransspace <> 0 THEN 'MSSPACE = ' || a.aggmtransspace END,
                       CASE WHEN a.aggmfinalfn <> 0 THEN 'MFINALFUNC = ' || a.aggmfinalfn::regproc::text END,
                       CASE WHEN a.aggmfinalextra THEN 'MFINALFUNC_EXTRA' END,
                       CASE WHEN a.aggmfinalfn <> 0 THEN 'MFINALFUNC_MODIFY = '
                         || CASE a.aggmfinalmodify WHEN 'r' THEN 'READ_ONLY' WHEN 's' THEN 'SHAREABLE' ELSE 'READ_WRITE' END END,
                       CASE WHEN a.aggminitval IS NOT NULL THEN 'MINITCOND = ' || quote_literal(a.aggminitval) END,
                       CASE WHEN a.aggsortop <> 0 THEN (SELECT 'SORTOP = OPERATOR(' || quote_ident(so.nspname) || '.' || o.oprname || ')'
                                                        FROM pg_operator o JOIN pg_namespace so ON so.oid = o.oprnamespace
                                                        WHERE o.oid = a.aggsortop) END,
                       CASE p.proparallel WHEN 's' THEN 'PARALLEL = SAFE' WHEN 'r' THEN 'PARALLEL = RESTRICTED' END,
                       CASE WHEN a.aggkind = 'h' THEN 'HYPOTHETICAL' END) || ')'
                   END AS definition,
                   pg_get_userbyid(p.proowner) AS owner,
                   obj_description(p.oid, 'pg_proc') AS comment,
                   %s AS grants,
                   x.extname
            FROM pg_proc p
            JOIN pg_namespace n ON n.oid = p.pronamespace
            JOIN pg_language l ON l.oid = p.prolang
            LEFT JOIN pg_aggregate a ON a.aggfnoid = p.oid
            %s
            WHERE n.nspname = ANY (?::text[]) AND (?::boolean OR xd.objid IS NULL)
              AND NOT EXISTS (SELECT 1 FROM pg_depend i
                              WHERE i.classid = 'pg_proc'::regclass AND i.objid = p.oid AND i.deptype = 'i')
            """.formatted(
                    grantsJson("coalesce(p.proacl, acldefault('f', p.proowner))"), extensionJoin("pg_proc", "p.oid"));

    /** OWNED BY is a pg_depend row from the sequence to the column: 'a' for serial, 'i' for identity. */
    static final String SEQUENCES = """
            SELECT n.nspname, c.relname,
                   format_type(s.seqtypid, NULL) AS data_type,
                   s.seqstart, s.seqincrement, s.seqmin, s.seqmax, s.seqcache, s.seqcycle,
                   tn.nspname AS owned_schema, tc.relname AS owned_table, ta.attname AS owned_column,
                   coalesce(od.deptype = 'i', false) AS identity,
                   pg_get_userbyid(c.relowner) AS owner,
                   obj_description(c.oid, 'pg_class') AS comment,
                   %s AS grants,
                   x.extname
            FROM pg_sequence s
            JOIN pg_class c ON c.oid = s.seqrelid
            JOIN pg_namespace n ON n.oid = c.relnamespace
            LEFT JOIN pg_depend od ON od.classid = 'pg_class'::regclass AND od.objid = c.oid
                                  AND od.refclassid = 'pg_class'::regclass AND od.refobjsubid > 0
                                  AND od.deptype IN ('a', 'i')
            LEFT JOIN pg_class tc ON tc.oid = od.refobjid
            LEFT JOIN pg_namespace tn ON tn.oid = tc.relnamespace
            LEFT JOIN pg_attribute ta ON ta.attrelid = od.refobjid AND ta.attnum = od.refobjsubid
            %s
            WHERE n.nspname = ANY (?::text[]) AND (?::boolean OR xd.objid IS NULL)
            """.formatted(
                    grantsJson("coalesce(c.relacl, acldefault('s', c.relowner))"), extensionJoin("pg_class", "c.oid"));

    /**
     * Enums, standalone composite types, domains and range types in one pass; kind-specific columns are
     * NULL for the other kinds. Array types, table row types and multiranges are implied by other
     * objects and left out.
     */
    static final String TYPES = """
            SELECT n.nspname, t.typname, t.typtype::text,
                   pg_get_userbyid(t.typowner) AS owner,
                   obj_description(t.oid, 'pg_type') AS comment,
                   CASE WHEN t.typtype = 'e' THEN
                     ARRAY(SELECT e.enumlabel::text FROM pg_enum e WHERE e.enumtypid = t.oid ORDER BY e.enumsortorder)
                   END AS labels,
                   CASE WHEN t.typtype = 'c' THEN
                     (SELECT coalesce(json_agg(json_build_object('position', a.position, 'name', a.attname,
                                                                 'type', a.type, 'collation', a.collation,
                                                                 'comment', a.comment) ORDER BY a.position), '[]')
                      FROM (SELECT row_number() OVER (ORDER BY pa.attnum) AS position, pa.attname,
                                   format_type(pa.atttypid, pa.atttypmod) AS type,
                                   %s AS collation,
                                   col_description(pa.attrelid, pa.attnum) AS comment
                            FROM pg_attribute pa JOIN pg_type pat ON pat.oid = pa.atttypid
                            WHERE pa.attrelid = t.typrelid AND pa.attnum > 0 AND NOT pa.attisdropped) a)
                   END AS attributes,
                   CASE WHEN t.typtype = 'd' THEN format_type(t.typbasetype, t.typtypmod) END AS base_type,
                   t.typnotnull,
                   t.typdefault,
                   CASE WHEN t.typtype = 'd' THEN %s END AS domain_collation,
                   CASE WHEN t.typtype = 'd' THEN
                     (SELECT coalesce(json_agg(json_build_object('name', dc.conname,
                                                                 'definition', pg_get_constraintdef(dc.oid, true),
                                                                 'validated', dc.convalidated) ORDER BY dc.conname), '[]')
                      FROM pg_constraint dc WHERE dc.contypid = t.oid AND dc.contype <> 'n')
                   END AS domain_constraints,
                   format_type(rg.rngsubtype, NULL) AS range_subtype,
                   (SELECT quote_ident(opn.nspname) || '.' || quote_ident(opc.opcname)
                    FROM pg_opclass opc JOIN pg_namespace opn ON opn.oid = opc.opcnamespace
                    WHERE opc.oid = rg.rngsubopc) AS range_opclass,
                   %s AS range_collation,
                   CASE WHEN rg.rngcanonical <> 0 THEN rg.rngcanonical::regproc::text END AS range_canonical,
                   CASE WHEN rg.rngsubdiff <> 0 THEN rg.rngsubdiff::regproc::text END AS range_subdiff,
                   format_type(rg.rngmultitypid, NULL) AS multirange,
                   x.extname
            FROM pg_type t
            JOIN pg_namespace n ON n.oid = t.typnamespace
            LEFT JOIN pg_type bt ON bt.oid = t.typbasetype
            LEFT JOIN pg_range rg ON rg.rngtypid = t.oid
            %s
            WHERE n.nspname = ANY (?::text[]) AND (?::boolean OR xd.objid IS NULL)
              AND (t.typtype IN ('e', 'd', 'r')
                   OR t.typtype = 'c' AND (SELECT relkind FROM pg_class WHERE oid = t.typrelid) = 'c')
            """.formatted(
                    collation("pa.attcollation", "pat.typcollation"),
                    collation("t.typcollation", "bt.typcollation"),
                    collation("rg.rngcollation", "(SELECT typcollation FROM pg_type WHERE oid = rg.rngsubtype)"),
                    extensionJoin("pg_type", "t.oid"));

    static final String EXTENSIONS = """
            SELECT e.extname, e.extversion, n.nspname, e.extrelocatable, obj_description(e.oid, 'pg_extension')
            FROM pg_extension e
            JOIN pg_namespace n ON n.oid = e.extnamespace
            """;

    /** Database-wide entries (defaclnamespace 0) and those for the selected schemas. */
    static final String DEFAULT_PRIVILEGES = """
            SELECT pg_get_userbyid(d.defaclrole) AS role,
                   n.nspname,
                   CASE d.defaclobjtype WHEN 'r' THEN 'tables' WHEN 'S' THEN 'sequences' WHEN 'f' THEN 'functions'
                                        WHEN 'T' THEN 'types' WHEN 'n' THEN 'schemas' WHEN 'L' THEN 'large_objects'
                                        ELSE d.defaclobjtype::text END AS object_type,
                   %s AS grants
            FROM pg_default_acl d
            LEFT JOIN pg_namespace n ON n.oid = d.defaclnamespace
            WHERE d.defaclnamespace = 0 OR n.nspname = ANY (?::text[])
            """.formatted(grantsJson("d.defaclacl"));
}
