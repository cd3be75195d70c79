CREATE SCHEMA app;
CREATE TABLE app.shipments (id int PRIMARY KEY, note text);
CREATE TABLE app.orders (id int PRIMARY KEY, total int NOT NULL, note text);

CREATE FUNCTION app.fee(amount numeric) RETURNS numeric LANGUAGE sql VOLATILE AS $$ SELECT amount * 0.02 $$;
CREATE FUNCTION app.who() RETURNS text LANGUAGE sql STABLE SET search_path = '' AS $$ SELECT session_user::text $$;
CREATE PROCEDURE app.archive(days int) LANGUAGE plpgsql AS $$ BEGIN PERFORM days; END $$;
CREATE FUNCTION app.total_of(order_id int) RETURNS int LANGUAGE sql AS $$ SELECT total FROM app.orders WHERE id = order_id $$;
CREATE FUNCTION app.double(x numeric) RETURNS numeric LANGUAGE sql AS $$ SELECT x * 2 $$;
CREATE FUNCTION app.label(id int) RETURNS text LANGUAGE sql AS $$ SELECT 'order ' || id $$;
CREATE FUNCTION app.grand_total() RETURNS bigint LANGUAGE sql STABLE BEGIN ATOMIC SELECT sum(total) FROM app.orders; END;
CREATE VIEW app.summary AS SELECT app.grand_total() AS grand;
CREATE FUNCTION app.obsolete(x int) RETURNS int LANGUAGE sql AS $$ SELECT x $$;

CREATE FUNCTION app.stamp() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;
CREATE TRIGGER orders_stamp BEFORE INSERT ON app.shipments FOR EACH ROW EXECUTE FUNCTION app.stamp();
CREATE TRIGGER orders_log AFTER INSERT ON app.shipments FOR EACH ROW EXECUTE FUNCTION app.stamp();
CREATE TRIGGER orders_gone AFTER UPDATE ON app.shipments FOR EACH ROW EXECUTE FUNCTION app.stamp();
ALTER TABLE app.shipments ENABLE REPLICA TRIGGER orders_gone;
-- rebuilt with what they hang on: a WHEN over a column whose type changes, an INSTEAD OF trigger on a rebuilt view
CREATE TRIGGER orders_positive BEFORE INSERT ON app.orders FOR EACH ROW WHEN (NEW.total > 0) EXECUTE FUNCTION app.stamp();
CREATE TRIGGER summary_insert INSTEAD OF INSERT ON app.summary FOR EACH ROW EXECUTE FUNCTION app.stamp();
-- a view over a function whose parameter is renamed: rebuilt with it
CREATE VIEW app.doubled AS SELECT app.double(21) AS answer;
-- a check, a default and an index expression calling functions whose parameter is renamed: taken off and put back
CREATE FUNCTION app.positive(n numeric) RETURNS boolean LANGUAGE sql IMMUTABLE AS $$ SELECT n > 0 $$;
CREATE FUNCTION app.seed(n numeric) RETURNS numeric LANGUAGE sql IMMUTABLE AS $$ SELECT n + 1 $$;
CREATE TABLE app.payments (id int, amount numeric DEFAULT app.seed(0), CONSTRAINT payments_positive CHECK (app.positive(amount)));
CREATE INDEX payments_positive_idx ON app.payments (app.positive(amount));
