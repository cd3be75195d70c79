CREATE EXTENSION pg_trgm VERSION '1.6';
CREATE EXTENSION hstore VERSION '1.6';
CREATE TABLE words (id int PRIMARY KEY, word text, attrs hstore);
CREATE INDEX words_trgm_idx ON words USING gin (word gin_trgm_ops);
