-- Every kind the type and sequence families cover, against a database with none of them.
CREATE EXTENSION citext WITH SCHEMA public;
CREATE SCHEMA ext;
CREATE EXTENSION hstore WITH SCHEMA ext;
CREATE SCHEMA "Typen";

CREATE TYPE public.mood AS ENUM ('sad', 'ok', 'happy', 'it''s complicated');
CREATE TYPE "Typen"."Größe" AS ENUM ('S', 'M', 'L');
CREATE TYPE public.address AS (street text, zip varchar(10), city text COLLATE "C");
CREATE DOMAIN public.positive_int AS integer DEFAULT 1 NOT NULL CONSTRAINT positive CHECK (VALUE > 0);
CREATE DOMAIN "Typen"."Email" AS public.citext CONSTRAINT has_at CHECK (VALUE ~ '@');
ALTER DOMAIN "Typen"."Email" ADD CONSTRAINT not_blank CHECK (length(VALUE) > 3) NOT VALID;
CREATE DOMAIN public.moods AS public.mood[];
CREATE TYPE public.floatrange AS RANGE (SUBTYPE = float8, SUBTYPE_DIFF = float8mi);
CREATE TYPE "Typen"."Text Range" AS RANGE (SUBTYPE = text, COLLATION = "C");

CREATE SEQUENCE public.invoice_no AS integer START WITH 1000 INCREMENT BY 5 MINVALUE 10 MAXVALUE 100000 CACHE 3 CYCLE;
CREATE SEQUENCE "Typen"."Zähler";

CREATE TABLE public.people (
    id serial PRIMARY KEY,
    big bigserial,
    mood public.mood NOT NULL DEFAULT 'ok',
    moods public.mood[],
    home public.address,
    age public.positive_int,
    email "Typen"."Email",
    size "Typen"."Größe",
    tags ext.hstore,
    spans public.floatrange,
    invoice integer DEFAULT nextval('public.invoice_no')
);
CREATE TABLE "Typen"."Identität" (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, n int DEFAULT nextval('"Typen"."Zähler"'));
