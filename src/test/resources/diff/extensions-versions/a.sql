-- Extension versions: pg_trgm older here than in b.sql (PostgreSQL has no downgrade path: a manual step, nothing
-- run), hstore newer (ALTER EXTENSION … UPDATE). A GIN index uses pg_trgm, a column hstore: neither is dropped.
CREATE EXTENSION pg_trgm VERSION '1.4';
CREATE EXTENSION hstore VERSION '1.8';
CREATE TABLE words (id int PRIMARY KEY, word text, attrs hstore);
CREATE INDEX words_trgm_idx ON words USING gin (word gin_trgm_ops);
