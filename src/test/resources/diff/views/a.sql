-- Views and materialized views of every shape; b.sql has none of them, so each direction creates or drops all.
CREATE SCHEMA app;
CREATE SCHEMA "Reports";
CREATE TABLE app.people (id int PRIMARY KEY, name text NOT NULL, email text, active boolean NOT NULL DEFAULT true);
CREATE FUNCTION app.initials(n text) RETURNS text LANGUAGE sql IMMUTABLE AS $$ SELECT left(n, 1) $$;

-- a view using a function, a view over that view (and over a view in another, quoted schema)
CREATE VIEW app.people_short AS SELECT id, app.initials(name) AS initials FROM app.people;
CREATE VIEW "Reports"."Kurz Übersicht" AS SELECT initials, count(*) AS n FROM app.people_short GROUP BY initials;
CREATE VIEW app.report_total AS SELECT sum(n) AS total FROM "Reports"."Kurz Übersicht";
-- options: security_invoker, security_barrier, check options
CREATE VIEW app.active_people WITH (security_invoker = true, security_barrier = true) AS
    SELECT id, name FROM app.people WHERE active;
CREATE VIEW app.editable AS SELECT id, name, active FROM app.people WHERE active WITH LOCAL CHECK OPTION;
CREATE VIEW app.editable_cascaded AS SELECT id, name FROM app.editable WITH CASCADED CHECK OPTION;
CREATE RECURSIVE VIEW app.numbers (n) AS VALUES (1) UNION ALL SELECT n + 1 FROM numbers WHERE n < 5;

-- an INSTEAD OF trigger on a view
CREATE FUNCTION app.people_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO app.people (id, name) VALUES (NEW.id, NEW.initials);
    RETURN NEW;
END $$;
CREATE TRIGGER people_short_insert INSTEAD OF INSERT ON app.people_short FOR EACH ROW EXECUTE FUNCTION app.people_insert();

-- materialized views: populated, not, with options and indexes, one over a view
CREATE MATERIALIZED VIEW app.people_stats WITH (fillfactor = 70) AS SELECT active, count(*) AS n FROM app.people GROUP BY active;
CREATE UNIQUE INDEX people_stats_active ON app.people_stats (active);
CREATE INDEX "people_stats n" ON app.people_stats (n) WHERE n > 0;
CREATE MATERIALIZED VIEW "Reports"."Snapshot" AS SELECT * FROM app.people_short WITH NO DATA;
