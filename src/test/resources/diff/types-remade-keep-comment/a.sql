-- A type made again (a label removed) loses its comment with it: the comment must be set again.
CREATE SCHEMA app;
CREATE TYPE app.mood AS ENUM ('sad', 'happy');
COMMENT ON TYPE app.mood IS 'how it feels';
CREATE TABLE app.entries (id int PRIMARY KEY, mood app.mood);
COMMENT ON TABLE app.entries IS 'diary';
