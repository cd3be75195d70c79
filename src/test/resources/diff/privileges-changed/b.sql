-- Security and comments changed on objects both sides have (target side).
-- roles are cluster-wide and both databases share the cluster: made only when missing
DO $$
DECLARE r text;
BEGIN
  FOREACH r IN ARRAY ARRAY['diffpriv_reader', 'DiffPriv Writer', 'diffpriv_ünï', 'diffpriv_owner'] LOOP
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = r) THEN
      EXECUTE format('CREATE ROLE %I NOLOGIN', r);
    END IF;
  END LOOP;
END
$$;

-- the same objects on both sides; only their security and comments differ
CREATE SCHEMA app;
CREATE TABLE app.accounts (id bigint PRIMARY KEY, owner_name text NOT NULL, balance numeric NOT NULL DEFAULT 0
    CONSTRAINT balance_positive CHECK (balance >= 0));
CREATE INDEX accounts_owner ON app.accounts (owner_name);
CREATE TABLE app.docs (id int PRIMARY KEY, title text, level int);
CREATE TABLE app.owned (id int);
CREATE AGGREGATE app.total(int) (sfunc = int4pl, stype = int);
ALTER TABLE app.owned OWNER TO diffpriv_owner;
CREATE TABLE "app"."Ünï Table" ("Ünï Col" int, "Other" text);
CREATE SEQUENCE app.tickets;
CREATE TYPE app.mood AS ENUM ('ok', 'meh');
CREATE DOMAIN app.cents AS bigint CHECK (VALUE >= 0);
CREATE TYPE app.pair AS (l int, r int);
CREATE TYPE app.span AS RANGE (subtype = int4);
CREATE FUNCTION app.f(x int) RETURNS int LANGUAGE sql IMMUTABLE AS 'SELECT x';
CREATE FUNCTION app.f(x text) RETURNS text LANGUAGE sql IMMUTABLE AS 'SELECT x';
CREATE PROCEDURE app.p() LANGUAGE sql AS 'SELECT 1';
CREATE FUNCTION app.touch() RETURNS trigger LANGUAGE plpgsql AS 'BEGIN RETURN NEW; END';
CREATE TRIGGER touch BEFORE UPDATE ON app.docs FOR EACH ROW EXECUTE FUNCTION app.touch();
CREATE VIEW app.rich AS SELECT id, owner_name FROM app.accounts WHERE balance > 1000;
CREATE MATERIALIZED VIEW app.totals AS SELECT owner_name, sum(balance) AS total FROM app.accounts GROUP BY owner_name;
CREATE INDEX totals_owner ON app.totals (owner_name);

COMMENT ON SCHEMA app IS 'app, as it was';
GRANT USAGE, CREATE ON SCHEMA app TO diffpriv_reader;

ALTER TABLE app.docs ENABLE ROW LEVEL SECURITY;
ALTER TABLE app.docs FORCE ROW LEVEL SECURITY;
CREATE POLICY p_roles ON app.accounts FOR SELECT TO "DiffPriv Writer", PUBLIC USING (true);
CREATE POLICY p_using ON app.accounts FOR SELECT USING (balance > 1);
CREATE POLICY p_cmd ON app.accounts FOR UPDATE USING (true);
CREATE POLICY p_kind ON app.accounts AS RESTRICTIVE FOR DELETE USING (balance = 0);
CREATE POLICY p_check ON app.accounts FOR UPDATE USING (true) WITH CHECK (balance < 5);
CREATE POLICY "Only in B" ON app.accounts FOR INSERT WITH CHECK (balance < 20);
COMMENT ON POLICY p_using ON app.accounts IS 'using';
ALTER TABLE app.docs ALTER COLUMN level TYPE bigint; -- rebuilds the policy over it
CREATE POLICY on_level ON app.docs FOR SELECT USING (level > 0);

GRANT SELECT, INSERT ON app.accounts TO diffpriv_reader;
GRANT SELECT ON app.accounts TO "DiffPriv Writer";
GRANT SELECT ON app.accounts TO "diffpriv_ünï";
GRANT SELECT (owner_name) ON app.accounts TO "diffpriv_ünï";
GRANT SELECT ON app.owned TO diffpriv_reader WITH GRANT OPTION;
REVOKE ALL ON app.owned FROM diffpriv_owner;
GRANT EXECUTE ON FUNCTION app.f(text) TO diffpriv_reader;
GRANT ALL ON app.rich TO PUBLIC;
GRANT SELECT ON SEQUENCE app.tickets TO diffpriv_reader;

COMMENT ON TABLE app.accounts IS 'Accounts';
COMMENT ON COLUMN app.accounts.owner_name IS 'owner';
COMMENT ON FUNCTION app.f(text) IS 'identity on text';
COMMENT ON VIEW app.rich IS 'the well-off';
COMMENT ON SEQUENCE app.tickets IS 'tickets';
COMMENT ON TYPE app.pair IS 'a pair';

ALTER DEFAULT PRIVILEGES FOR ROLE diffpriv_owner REVOKE EXECUTE ON FUNCTIONS FROM PUBLIC;
ALTER DEFAULT PRIVILEGES FOR ROLE diffpriv_owner IN SCHEMA app GRANT USAGE, SELECT ON SEQUENCES TO "DiffPriv Writer" WITH GRANT OPTION;
ALTER DEFAULT PRIVILEGES FOR ROLE diffpriv_owner IN SCHEMA app GRANT SELECT ON TABLES TO diffpriv_reader;

-- a table made again (its partitioning changes), with what lives on it and a policy elsewhere over it
CREATE TABLE app.logs (at date NOT NULL, msg text);
ALTER TABLE app.logs ENABLE ROW LEVEL SECURITY;
CREATE POLICY readers ON app.logs FOR SELECT TO diffpriv_reader USING (msg IS NOT NULL);
GRANT SELECT, INSERT ON app.logs TO diffpriv_reader;
GRANT UPDATE (msg) ON app.logs TO "DiffPriv Writer";
COMMENT ON TABLE app.logs IS 'log lines';
COMMENT ON COLUMN app.logs.msg IS 'the line';
COMMENT ON POLICY readers ON app.logs IS 'readers read lines';
CREATE POLICY while_logging ON app.docs FOR INSERT WITH CHECK (EXISTS (SELECT 1 FROM app.logs));
GRANT EXECUTE ON FUNCTION app.total(int) TO diffpriv_reader;

-- a generated column made again (its expression changes) keeps neither privileges nor comment: both are said again
CREATE TABLE app.calc (n int, doubled int GENERATED ALWAYS AS (n * 3) STORED);
GRANT SELECT (doubled) ON app.calc TO diffpriv_reader;
COMMENT ON COLUMN app.calc.doubled IS 'n times something';
