CREATE SCHEMA "Mood";
CREATE TYPE "Mood"."feeling" AS ENUM ('happy', 'gone', 'sad', 'ökay');
CREATE TYPE "Mood".level AS ENUM ('low', 'high');
CREATE TABLE "Mood".entries (
    id int PRIMARY KEY,
    feeling "Mood"."feeling" NOT NULL DEFAULT 'happy',
    lvl "Mood".level,
    other text,
    CONSTRAINT not_sad CHECK (feeling <> 'sad'::"Mood"."feeling"),
    CONSTRAINT lvl_set CHECK (lvl IS DISTINCT FROM 'low'::"Mood".level OR other IS NOT NULL)
);
CREATE INDEX entries_happy_idx ON "Mood".entries (id) WHERE feeling = 'happy';
CREATE INDEX entries_other_idx ON "Mood".entries (other);
CREATE UNIQUE INDEX entries_high_idx ON "Mood".entries ((lvl = 'high'), id);
INSERT INTO "Mood".entries VALUES (1, 'happy', 'high', 'x'), (2, 'ökay', NULL, NULL);
