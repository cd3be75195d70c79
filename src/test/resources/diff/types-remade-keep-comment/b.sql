CREATE SCHEMA app;
CREATE TYPE app.mood AS ENUM ('sad', 'ok', 'happy');
COMMENT ON TYPE app.mood IS 'how it feels';
CREATE TABLE app.entries (id int PRIMARY KEY, mood app.mood);
COMMENT ON TABLE app.entries IS 'diary';
INSERT INTO app.entries VALUES (1, 'sad'), (2, 'happy');
