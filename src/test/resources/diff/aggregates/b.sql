CREATE SCHEMA agg;
CREATE TABLE agg.t (name text, n numeric, i int);
CREATE FUNCTION agg.add_sq(state numeric, x numeric) RETURNS numeric LANGUAGE sql IMMUTABLE AS $$ SELECT state + x * x $$;
CREATE FUNCTION agg.pick_longer(a text, b text) RETURNS text LANGUAGE sql IMMUTABLE
    AS $$ SELECT CASE WHEN length(b) > length(coalesce(a, '')) THEN b ELSE a END $$;
CREATE FUNCTION agg.plus(s int, x int) RETURNS int LANGUAGE sql IMMUTABLE AS $$ SELECT s + x $$;
CREATE FUNCTION agg.minus(s int, x int) RETURNS int LANGUAGE sql IMMUTABLE AS $$ SELECT s - x $$;
CREATE AGGREGATE agg."Sum Sq"(numeric) (SFUNC = agg.add_sq, STYPE = numeric, INITCOND = '0');
CREATE AGGREGATE agg.gone(int) (SFUNC = agg.plus, STYPE = int);
CREATE AGGREGATE agg.longest(text) (SFUNC = agg.pick_longer, STYPE = text);
CREATE AGGREGATE agg.moving_sum(int) (SFUNC = agg.plus, STYPE = int, INITCOND = '0');
CREATE VIEW agg.longest_name AS SELECT agg.longest(name) AS name FROM agg.t;
