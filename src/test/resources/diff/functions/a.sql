-- Functions, procedures and triggers of every shape; b.sql has none of them, so each direction creates or drops all.
CREATE SCHEMA app;
CREATE SCHEMA "Crème";

-- overloads, named and defaulted parameters, OUT parameters, SETOF, security definer with search_path
CREATE FUNCTION app.add(a int, b int) RETURNS int LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$ SELECT a + b $$;
CREATE FUNCTION app.add(a numeric, b numeric DEFAULT 1) RETURNS numeric LANGUAGE sql IMMUTABLE AS $$ SELECT a + b $$;
CREATE FUNCTION app.add(VARIADIC xs int[]) RETURNS int LANGUAGE sql AS $$ SELECT sum(x)::int FROM unnest(xs) x $$;
CREATE FUNCTION app.split(s text, OUT head text, OUT tail text) LANGUAGE sql AS $$ SELECT left(s, 1), substr(s, 2) $$;
CREATE FUNCTION app.whoami() RETURNS text LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = '' AS $$
BEGIN
    RETURN current_user;
END $$;
CREATE FUNCTION app.tuned() RETURNS int LANGUAGE sql LEAKPROOF COST 5 SET work_mem = '8MB' SET statement_timeout = '5s'
    AS $$ SELECT 1 $$;
CREATE FUNCTION "Crème"."Grüße"("Wer" text) RETURNS text LANGUAGE sql AS $$ SELECT 'Hallo ' || "Wer" $$;
CREATE FUNCTION "Crème"."select"() RETURNS int LANGUAGE sql RETURN 42;
CREATE PROCEDURE app.reset_counter(INOUT n int) LANGUAGE plpgsql AS $$ BEGIN n := 0; END $$;
CREATE PROCEDURE app.noop() LANGUAGE sql BEGIN ATOMIC SELECT 1; END;

-- a default and a check constraint calling functions made in the same diff
CREATE FUNCTION app.new_code() RETURNS text LANGUAGE sql VOLATILE AS $$ SELECT md5(random()::text) $$;
CREATE FUNCTION app.valid_code(c text) RETURNS boolean LANGUAGE sql IMMUTABLE AS $$ SELECT length(c) = 32 $$;
CREATE TABLE app.items (
    id int PRIMARY KEY,
    code text NOT NULL DEFAULT app.new_code() CHECK (app.valid_code(code)),
    price numeric NOT NULL,
    "Ünits" int
);
-- a SQL-standard body records its dependency on the table, a row type in the signature too
CREATE FUNCTION app.item_count() RETURNS bigint LANGUAGE sql STABLE BEGIN ATOMIC SELECT count(*) FROM app.items; END;
CREATE FUNCTION app.items_over(p numeric) RETURNS SETOF app.items LANGUAGE sql STABLE AS $$ SELECT * FROM app.items WHERE price > p $$;

-- triggers: row and statement level, WHEN, UPDATE OF, every enabled state, a constraint trigger, a quoted name
CREATE FUNCTION app.touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN NEW.price := NEW.price; RETURN NEW; END $$;
CREATE FUNCTION app.audit() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NULL; END $$;
CREATE TRIGGER items_touch BEFORE INSERT OR UPDATE OF price ON app.items FOR EACH ROW
    WHEN (NEW.price IS NOT NULL) EXECUTE FUNCTION app.touch();
CREATE TRIGGER "Items Audit" AFTER DELETE ON app.items FOR EACH STATEMENT EXECUTE FUNCTION app.audit();
CREATE TRIGGER items_off AFTER UPDATE ON app.items FOR EACH ROW EXECUTE FUNCTION app.audit();
ALTER TABLE app.items DISABLE TRIGGER items_off;
CREATE TRIGGER items_replica AFTER INSERT ON app.items FOR EACH ROW EXECUTE FUNCTION app.audit();
ALTER TABLE app.items ENABLE REPLICA TRIGGER items_replica;
CREATE TRIGGER items_always AFTER TRUNCATE ON app.items FOR EACH STATEMENT EXECUTE FUNCTION app.audit();
ALTER TABLE app.items ENABLE ALWAYS TRIGGER items_always;
CREATE CONSTRAINT TRIGGER items_check AFTER INSERT ON app.items DEFERRABLE INITIALLY DEFERRED FOR EACH ROW
    EXECUTE FUNCTION app.audit();

-- a trigger on a partitioned table (its partitions get clones, which come with it)
CREATE TABLE app.events (at date NOT NULL, kind text) PARTITION BY RANGE (at);
CREATE TABLE app.events_2026 PARTITION OF app.events FOR VALUES FROM ('2026-01-01') TO ('2027-01-01');
CREATE TRIGGER events_audit AFTER INSERT ON app.events FOR EACH ROW EXECUTE FUNCTION app.audit();
