-- The desired state; b.sql is the same schema before a round of changes to views and materialized views.
CREATE SCHEMA app;
CREATE TABLE app.accounts (id bigint PRIMARY KEY, name text);
CREATE TABLE app.people (id int PRIMARY KEY, name text NOT NULL, email text, active boolean NOT NULL DEFAULT true);

-- a view over a view over a table whose column type changes: both dropped before, created after
CREATE VIEW app.base AS SELECT id, name FROM app.accounts;
CREATE VIEW app.top AS SELECT id FROM app.base WHERE id < 100;
-- a column appended: CREATE OR REPLACE, its dependent view stays
CREATE VIEW app.contacts WITH (security_invoker = true) AS SELECT name, email, active FROM app.people;
CREATE VIEW app.contact_names AS SELECT name FROM app.contacts;
-- a column removed: dropped and created again, with the view over it
CREATE VIEW app.narrow AS SELECT name FROM app.people;
CREATE VIEW app.narrow_upper AS SELECT upper(name) AS u FROM app.narrow;
-- only options change
CREATE VIEW app.secure WITH (security_invoker = true) AS SELECT name FROM app.people;
CREATE VIEW app.checked AS SELECT name, active FROM app.people WHERE active WITH CASCADED CHECK OPTION;
-- a new view, and an INSTEAD OF trigger added on an existing one
CREATE VIEW app.fresh AS SELECT count(*) AS n FROM app.people;
CREATE FUNCTION app.noop() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;
CREATE TRIGGER contacts_insert INSTEAD OF INSERT ON app.contacts FOR EACH ROW EXECUTE FUNCTION app.noop();

-- materialized views: definition changes (with indexes), populated changes, options, indexes added and removed
CREATE MATERIALIZED VIEW app.stats AS SELECT active, count(*) AS n, max(id) AS last FROM app.people GROUP BY active;
CREATE UNIQUE INDEX stats_active ON app.stats (active);
CREATE MATERIALIZED VIEW app.lazy AS SELECT id FROM app.people WITH NO DATA;
CREATE MATERIALIZED VIEW app.eager AS SELECT name FROM app.people;
CREATE INDEX eager_name ON app.eager (name);
CREATE MATERIALIZED VIEW app.tuned WITH (fillfactor = 60) AS SELECT email FROM app.people;
CREATE MATERIALIZED VIEW app.over_base AS SELECT id FROM app.base;
-- a function returning the row type of a view that is rebuilt goes and comes back with it
CREATE FUNCTION app.base_rows() RETURNS SETOF app.base LANGUAGE sql STABLE AS $$ SELECT * FROM app.base $$;
