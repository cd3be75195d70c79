-- Row level security, policies, privileges, default privileges and comments, against a database without them.
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

CREATE SCHEMA app;
COMMENT ON SCHEMA app IS 'The application''s schema';
GRANT USAGE ON SCHEMA app TO diffpriv_reader, "DiffPriv Writer";
GRANT CREATE ON SCHEMA app TO "DiffPriv Writer" WITH GRANT OPTION;

CREATE SCHEMA "Mixed Sëcurity";
COMMENT ON SCHEMA "Mixed Sëcurity" IS 'ünïcode, "quotes" and a backslash \ here';
GRANT USAGE ON SCHEMA "Mixed Sëcurity" TO PUBLIC;

CREATE TABLE app.accounts (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    owner_name text NOT NULL,
    balance numeric NOT NULL DEFAULT 0 CONSTRAINT balance_positive CHECK (balance >= 0),
    secret text
);
CREATE INDEX accounts_owner ON app.accounts (owner_name);
COMMENT ON TABLE app.accounts IS 'Accounts';
COMMENT ON COLUMN app.accounts.balance IS 'In cents';
COMMENT ON CONSTRAINT balance_positive ON app.accounts IS 'never negative';
COMMENT ON CONSTRAINT accounts_pkey ON app.accounts IS 'the key';
COMMENT ON INDEX app.accounts_owner IS 'lookups by owner';
ALTER TABLE app.accounts ENABLE ROW LEVEL SECURITY;
ALTER TABLE app.accounts FORCE ROW LEVEL SECURITY;
CREATE POLICY "Owners see theirs" ON app.accounts FOR SELECT TO diffpriv_reader, "DiffPriv Writer"
    USING (owner_name = current_user);
CREATE POLICY writers_insert ON app.accounts AS PERMISSIVE FOR INSERT TO "DiffPriv Writer" WITH CHECK (balance < 1000);
CREATE POLICY no_big ON app.accounts AS RESTRICTIVE FOR UPDATE USING (balance < 100000) WITH CHECK (balance < 100000);
CREATE POLICY everyone ON app.accounts FOR ALL TO PUBLIC USING (true);
COMMENT ON POLICY everyone ON app.accounts IS 'for now';
GRANT SELECT, INSERT ON app.accounts TO diffpriv_reader;
GRANT ALL ON app.accounts TO "DiffPriv Writer" WITH GRANT OPTION;
GRANT UPDATE (balance), SELECT (owner_name, balance) ON app.accounts TO "diffpriv_ünï";
GRANT REFERENCES (id) ON app.accounts TO diffpriv_reader WITH GRANT OPTION;
REVOKE TRUNCATE ON app.accounts FROM CURRENT_USER;

CREATE TABLE "Mixed Sëcurity"."Lëdger Entries" ("Entry Id" int PRIMARY KEY, "select" text);
ALTER TABLE "Mixed Sëcurity"."Lëdger Entries" ENABLE ROW LEVEL SECURITY;
CREATE POLICY "Ünïcode policy" ON "Mixed Sëcurity"."Lëdger Entries" FOR DELETE TO "diffpriv_ünï" USING ("Entry Id" > 0);
GRANT SELECT ("select") ON "Mixed Sëcurity"."Lëdger Entries" TO PUBLIC;
COMMENT ON COLUMN "Mixed Sëcurity"."Lëdger Entries"."select" IS 'It''s a keyword';

ALTER DEFAULT PRIVILEGES FOR ROLE diffpriv_owner GRANT SELECT ON TABLES TO diffpriv_reader;
ALTER DEFAULT PRIVILEGES FOR ROLE diffpriv_owner REVOKE EXECUTE ON FUNCTIONS FROM PUBLIC;
ALTER DEFAULT PRIVILEGES FOR ROLE diffpriv_owner IN SCHEMA app GRANT USAGE, SELECT ON SEQUENCES TO "DiffPriv Writer" WITH GRANT OPTION;
ALTER DEFAULT PRIVILEGES FOR ROLE diffpriv_owner IN SCHEMA app GRANT EXECUTE ON FUNCTIONS TO diffpriv_reader;
ALTER DEFAULT PRIVILEGES FOR ROLE diffpriv_owner GRANT USAGE ON TYPES TO "diffpriv_ünï";
