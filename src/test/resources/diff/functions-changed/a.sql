-- The desired state; b.sql is the same schema before a round of changes to functions and triggers.
CREATE SCHEMA app;
CREATE TABLE app.shipments (id int PRIMARY KEY, note text);
CREATE TABLE app.orders (id int PRIMARY KEY, total numeric(12, 2) NOT NULL, note text);

-- body, volatility, strictness, security and config change: CREATE OR REPLACE
CREATE FUNCTION app.fee(amount numeric) RETURNS numeric LANGUAGE sql IMMUTABLE STRICT AS $$ SELECT amount * 0.03 $$;
CREATE FUNCTION app.who() RETURNS text LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public
    AS $$ SELECT current_user::text $$;
CREATE PROCEDURE app.archive(days int) LANGUAGE plpgsql AS $$ BEGIN PERFORM days + 1; END $$;
-- result type changes: dropped and created again
CREATE FUNCTION app.total_of(order_id int) RETURNS numeric LANGUAGE sql AS $$ SELECT total FROM app.orders WHERE id = order_id $$;
-- a parameter renamed: dropped and created again
CREATE FUNCTION app.double(amount numeric) RETURNS numeric LANGUAGE sql AS $$ SELECT amount * 2 $$;
-- a new overload next to an unchanged one
CREATE FUNCTION app.label(id int) RETURNS text LANGUAGE sql AS $$ SELECT 'order ' || id $$;
CREATE FUNCTION app.label(id int, prefix text) RETURNS text LANGUAGE sql AS $$ SELECT prefix || id $$;
-- SQL-standard body over a column whose type changes: dropped before, created after
CREATE FUNCTION app.grand_total() RETURNS numeric LANGUAGE sql STABLE BEGIN ATOMIC SELECT sum(total) FROM app.orders; END;
-- a view over it is rebuilt too
CREATE VIEW app.summary AS SELECT app.grand_total() AS grand;
-- a column added with a default calling a new function
CREATE FUNCTION app.default_note() RETURNS text LANGUAGE sql AS $$ SELECT 'new' $$;
ALTER TABLE app.orders ADD COLUMN status text DEFAULT app.default_note();

-- triggers: definition changes, enabled state changes, one new, one gone; the trigger function changes body
CREATE FUNCTION app.stamp() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN NEW.note := 'stamped'; RETURN NEW; END $$;
CREATE TRIGGER orders_stamp BEFORE INSERT OR UPDATE ON app.shipments FOR EACH ROW EXECUTE FUNCTION app.stamp();
CREATE TRIGGER orders_log AFTER INSERT ON app.shipments FOR EACH ROW EXECUTE FUNCTION app.stamp();
CREATE TRIGGER orders_new AFTER DELETE ON app.shipments FOR EACH ROW EXECUTE FUNCTION app.stamp();
ALTER TABLE app.shipments DISABLE TRIGGER orders_log;
-- rebuilt with what they hang on: a WHEN over a column whose type changes, an INSTEAD OF trigger on a rebuilt view
CREATE TRIGGER orders_positive BEFORE INSERT ON app.orders FOR EACH ROW WHEN (NEW.total > 0) EXECUTE FUNCTION app.stamp();
CREATE TRIGGER summary_insert INSTEAD OF INSERT ON app.summary FOR EACH ROW EXECUTE FUNCTION app.stamp();
-- a view over a function whose parameter is renamed: rebuilt with it
CREATE VIEW app.doubled AS SELECT app.double(21) AS answer;
-- a check, a default and an index expression calling functions whose parameter is renamed: taken off and put back
CREATE FUNCTION app.positive(amount numeric) RETURNS boolean LANGUAGE sql IMMUTABLE AS $$ SELECT amount > 0 $$;
CREATE FUNCTION app.seed(amount numeric) RETURNS numeric LANGUAGE sql IMMUTABLE AS $$ SELECT amount + 1 $$;
CREATE TABLE app.payments (id int, amount numeric DEFAULT app.seed(0), CONSTRAINT payments_positive CHECK (app.positive(amount)));
CREATE INDEX payments_positive_idx ON app.payments (app.positive(amount));
