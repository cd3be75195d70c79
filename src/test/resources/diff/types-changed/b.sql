CREATE SCHEMA ext;
CREATE EXTENSION hstore WITH SCHEMA public;
CREATE SCHEMA "Typen";

CREATE TYPE public.mood AS ENUM ('sad', 'happy');
CREATE TYPE public.colour AS ENUM ('red', 'green');
CREATE TYPE "Typen"."Prio" AS ENUM ('low', 'high');
CREATE TYPE public.level AS ENUM ('one', 'two');
CREATE TYPE public.address AS (street text, zip text);
CREATE TYPE public.point3 AS (x float8, y float8);
CREATE TYPE public.pair AS (a int, b text);
CREATE DOMAIN public.qty AS integer CONSTRAINT qty_positive CHECK (VALUE > 0) CONSTRAINT qty_old CHECK (VALUE <> 13);
ALTER DOMAIN public.qty ADD CONSTRAINT qty_small CHECK (VALUE < 1000) NOT VALID;
CREATE DOMAIN "Typen"."Code" AS text;
CREATE DOMAIN public.shape AS text CHECK (VALUE IN ('round', 'square'));
CREATE TYPE public.floatrange AS RANGE (SUBTYPE = float8);

CREATE SEQUENCE public.counter AS integer START WITH 5;
CREATE SEQUENCE public.only_there;
CREATE SEQUENCE public.loose;

-- unchanged, but over a type made again in one direction
CREATE DOMAIN public.mood_list AS public.mood[] CHECK (cardinality(VALUE) < 10);

CREATE TABLE public.things (
    id serial PRIMARY KEY,
    mood public.mood NOT NULL DEFAULT 'happy',
    moods public.mood[],
    mood_list public.mood_list,
    colour public.colour DEFAULT 'green',
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
CREATE TABLE public.holder (id int);
ALTER SEQUENCE public.loose OWNED BY public.holder.id;
INSERT INTO public.things (mood, moods, colour, level, prio, at, qty, code, shape, spans)
VALUES ('sad', '{sad,happy}', 'red', 'one', 'low', '(1,2)', 4, 'xy', 'round', '[1.5,2.5)');
