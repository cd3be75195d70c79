-- Privileges a grantee passed on (WITH GRANT OPTION) are revoked from it: REVOKE … CASCADE takes the grants it made
-- with it, and what the source still wants of those is granted again. b.sql holds the chain of grants.
DO $$ BEGIN CREATE ROLE diff_chain_a NOLOGIN; EXCEPTION WHEN duplicate_object THEN NULL; END $$;
DO $$ BEGIN CREATE ROLE "Diff Chain B" NOLOGIN; EXCEPTION WHEN duplicate_object THEN NULL; END $$;
DO $$ BEGIN CREATE ROLE diff_chain_c NOLOGIN; EXCEPTION WHEN duplicate_object THEN NULL; END $$;
CREATE SCHEMA chain;
GRANT USAGE ON SCHEMA chain TO PUBLIC;
CREATE TABLE chain.ledger (id int PRIMARY KEY, amount numeric, memo text);
GRANT UPDATE ON chain.ledger TO diff_chain_a;
GRANT SELECT ON chain.ledger TO diff_chain_c;
GRANT SELECT (memo) ON chain.ledger TO "Diff Chain B";
