-- Aggregates: one changes its options in place (CREATE OR REPLACE AGGREGATE), one is new, one is gone, one is made
-- again with the transition function it uses (a parameter renamed), with the view over it; b.sql: before.
CREATE SCHEMA agg;
CREATE TABLE agg.t (name text, n numeric, i int);
CREATE FUNCTION agg.add_sq(state numeric, x numeric) RETURNS numeric LANGUAGE sql IMMUTABLE AS $$ SELECT state + x * x $$;
CREATE FUNCTION agg.root(state numeric) RETURNS numeric LANGUAGE sql IMMUTABLE AS $$ SELECT sqrt(state) $$;
CREATE FUNCTION agg.pick_longer(kept text, candidate text) RETURNS text LANGUAGE sql IMMUTABLE
    AS $$ SELECT CASE WHEN length(candidate) > length(coalesce(kept, '')) THEN candidate ELSE kept END $$;
CREATE FUNCTION agg.plus(s int, x int) RETURNS int LANGUAGE sql IMMUTABLE AS $$ SELECT s + x $$;
CREATE FUNCTION agg.minus(s int, x int) RETURNS int LANGUAGE sql IMMUTABLE AS $$ SELECT s - x $$;
CREATE AGGREGATE agg."Sum Sq"(numeric) (SFUNC = agg.add_sq, STYPE = numeric, INITCOND = '1', PARALLEL = SAFE);
CREATE AGGREGATE agg.norm(numeric) (SFUNC = agg.add_sq, STYPE = numeric, INITCOND = '0', FINALFUNC = agg.root);
CREATE AGGREGATE agg.longest(text) (SFUNC = agg.pick_longer, STYPE = text);
CREATE AGGREGATE agg.moving_sum(int) (SFUNC = agg.plus, STYPE = int, INITCOND = '0',
    MSFUNC = agg.plus, MINVFUNC = agg.minus, MSTYPE = int, MINITCOND = '0');
COMMENT ON AGGREGATE agg.norm(numeric) IS 'euclidean norm';
CREATE VIEW agg.longest_name AS SELECT agg.longest(name) AS name FROM agg.t;
