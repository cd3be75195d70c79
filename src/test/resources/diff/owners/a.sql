-- Owners of schemas, tables, views, materialized views, sequences, functions, procedures, types and domains change
-- between two roles (roles are cluster-wide: made here if missing); b.sql has the other owners.
DO $$ BEGIN CREATE ROLE "diff Owner A" NOLOGIN; EXCEPTION WHEN duplicate_object THEN NULL; END $$;
DO $$ BEGIN CREATE ROLE diff_owner_b NOLOGIN; EXCEPTION WHEN duplicate_object THEN NULL; END $$;
CREATE SCHEMA "Owned" AUTHORIZATION "diff Owner A";
CREATE TABLE "Owned".items (id serial PRIMARY KEY, name text);
GRANT SELECT ON "Owned".items TO diff_owner_b;
GRANT UPDATE (name) ON "Owned".items TO PUBLIC;
ALTER TABLE "Owned".items OWNER TO "diff Owner A";
CREATE VIEW "Owned".names AS SELECT name FROM "Owned".items;
ALTER VIEW "Owned".names OWNER TO "diff Owner A";
CREATE MATERIALIZED VIEW "Owned".counts AS SELECT count(*) AS n FROM "Owned".items;
ALTER MATERIALIZED VIEW "Owned".counts OWNER TO diff_owner_b;
CREATE SEQUENCE "Owned".tickets;
ALTER SEQUENCE "Owned".tickets OWNER TO "diff Owner A";
CREATE FUNCTION "Owned".answer() RETURNS int LANGUAGE sql AS $$ SELECT 42 $$;
ALTER FUNCTION "Owned".answer() OWNER TO "diff Owner A";
CREATE PROCEDURE "Owned".noop() LANGUAGE sql AS $$ SELECT 1 $$;
ALTER PROCEDURE "Owned".noop() OWNER TO diff_owner_b;
CREATE TYPE "Owned".colour AS ENUM ('red', 'green');
ALTER TYPE "Owned".colour OWNER TO "diff Owner A";
CREATE TYPE "Owned".pair AS (a int, b int);
ALTER TYPE "Owned".pair OWNER TO "diff Owner A";
CREATE DOMAIN "Owned".positive AS int CHECK (VALUE > 0);
ALTER DOMAIN "Owned".positive OWNER TO "diff Owner A";
-- only here: created by the script, then handed to its owner
CREATE TABLE "Owned".fresh (id int);
ALTER TABLE "Owned".fresh OWNER TO diff_owner_b;
CREATE FUNCTION "Owned".fresh_answer() RETURNS int LANGUAGE sql AS $$ SELECT 43 $$;
ALTER FUNCTION "Owned".fresh_answer() OWNER TO "diff Owner A";
