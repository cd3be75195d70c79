CREATE SCHEMA app;
CREATE TABLE app.accounts (id int PRIMARY KEY, name text);
CREATE TABLE app.people (id int PRIMARY KEY, name text NOT NULL, email text, active boolean NOT NULL DEFAULT true);

CREATE VIEW app.base AS SELECT id, name FROM app.accounts;
CREATE VIEW app.top AS SELECT id FROM app.base WHERE id < 100;
CREATE VIEW app.contacts AS SELECT name, email FROM app.people;
CREATE VIEW app.contact_names AS SELECT name FROM app.contacts;
CREATE VIEW app.narrow AS SELECT name, email FROM app.people;
CREATE VIEW app.narrow_upper AS SELECT upper(name) AS u FROM app.narrow;
CREATE VIEW app.secure WITH (security_barrier = true) AS SELECT name FROM app.people;
CREATE VIEW app.checked AS SELECT name, active FROM app.people WHERE active WITH LOCAL CHECK OPTION;
CREATE VIEW app.stale AS SELECT email FROM app.people;

CREATE MATERIALIZED VIEW app.stats AS SELECT active, count(*) AS n FROM app.people GROUP BY active;
CREATE UNIQUE INDEX stats_active ON app.stats (active);
CREATE MATERIALIZED VIEW app.lazy AS SELECT id FROM app.people;
CREATE MATERIALIZED VIEW app.eager AS SELECT name FROM app.people WITH NO DATA;
CREATE INDEX eager_old ON app.eager (name DESC);
CREATE MATERIALIZED VIEW app.tuned WITH (fillfactor = 90, autovacuum_enabled = false) AS SELECT email FROM app.people;
CREATE MATERIALIZED VIEW app.over_base AS SELECT id FROM app.base;
-- a function returning the row type of a view that is rebuilt goes and comes back with it
CREATE FUNCTION app.base_rows() RETURNS SETOF app.base LANGUAGE sql STABLE AS $$ SELECT * FROM app.base $$;
