-- Types, sequences and extensions changed in every way the families handle; b.sql is the other side.
CREATE SCHEMA ext;
CREATE EXTENSION citext WITH SCHEMA public;
CREATE EXTENSION hstore WITH SCHEMA ext;
CREATE SCHEMA "Typen";

-- a label added in place (b → a), or removed (a → b: the type is made again and the column converted)
CREATE TYPE public.mood AS ENUM ('sad', 'ok', 'happy');
-- a label added that a default uses: made again rather than ALTER TYPE … ADD VALUE
CREATE TYPE public.colour AS ENUM ('red', 'green', 'blue');
-- labels reordered
CREATE TYPE "Typen"."Prio" AS ENUM ('high', 'low');
-- first label added
CREATE TYPE public.level AS ENUM ('zero', 'one', 'two');
-- an attribute added and one changing type
CREATE TYPE public.address AS (street text, zip varchar(10), city text);
-- an attribute added to a type a column uses
CREATE TYPE public.point3 AS (x float8, y float8, z float8);
-- attributes reordered
CREATE TYPE public.pair AS (b text, a int);
-- default, NOT NULL and constraints
CREATE DOMAIN public.qty AS integer DEFAULT 0 NOT NULL CONSTRAINT qty_positive CHECK (VALUE >= 0)
    CONSTRAINT qty_small CHECK (VALUE < 1000);
ALTER DOMAIN public.qty ADD CONSTRAINT qty_even CHECK (VALUE % 2 = 0) NOT VALID;
-- base type change, with a column of it
CREATE DOMAIN "Typen"."Code" AS varchar(5);
-- kind change: enum here, domain there
CREATE TYPE public.shape AS ENUM ('round', 'square');
CREATE TYPE public.floatrange AS RANGE (SUBTYPE = float8, SUBTYPE_DIFF = float8mi);

CREATE SEQUENCE public.counter AS bigint INCREMENT BY 10 MAXVALUE 1000000 CACHE 5 CYCLE;
CREATE SEQUENCE public.only_here;
CREATE SEQUENCE public.loose;

-- unchanged, but over a type made again in one direction
CREATE DOMAIN public.mood_list AS public.mood[] CHECK (cardinality(VALUE) < 10);

CREATE TABLE public.things (
    id serial PRIMARY KEY,
    mood public.mood NOT NULL DEFAULT 'happy',
    moods public.mood[],
    mood_list public.mood_list,
    colour public.colour DEFAULT 'blue',
    level public.level,
    prio "Typen"."Prio",
    at public.point3,
    home public.address,
    qty public.qty,
    code "Typen"."Code" DEFAULT 'ab',
    shape public.shape,
    spans public.floatrange,
    loose_n bigint
);
ALTER SEQUENCE public.loose OWNED BY public.things.loose_n;
INSERT INTO public.things (mood, moods, colour, level, prio, at, qty, code, shape, spans)
VALUES ('sad', '{sad,happy}', 'red', 'one', 'low', '(1,2,3)', 4, 'xy', 'round', '[1.5,2.5)');
