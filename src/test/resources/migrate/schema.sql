-- The tables of the data migration tests: every type that trips copies, names that need quotes, a partitioned table,
-- identity, serial and generated columns, and foreign keys between tables.
CREATE TYPE public.mood AS ENUM ('sad', 'ok', 'happy');
CREATE DOMAIN public.positive AS integer CHECK (VALUE > 0);
CREATE TYPE public.pair AS (a integer, b text);

CREATE TABLE public.customers (
    id uuid PRIMARY KEY,
    name text NOT NULL,
    mood public.mood,
    moods public.mood[],
    tags text[],
    meta jsonb,
    balance numeric(14, 4),
    seen timestamptz,
    photo bytea,
    score public.positive,
    p public.pair,
    born date,
    wait interval,
    ratio double precision
);

CREATE TABLE public.orders (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    customer uuid NOT NULL REFERENCES public.customers (id),
    total numeric(12, 2) NOT NULL,
    total_with_tax numeric GENERATED ALWAYS AS (total * 1.2) STORED,
    note text
);

CREATE TABLE public.notes (id serial PRIMARY KEY, body text);

CREATE SCHEMA "Mixed Schema";
CREATE TABLE "Mixed Schema"."Ünïcode tåble" ("Key" integer PRIMARY KEY, "select" text, "ça va" boolean);

CREATE TABLE public.events (id bigint NOT NULL, at date NOT NULL, payload jsonb) PARTITION BY RANGE (at);
CREATE TABLE public.events_2024 PARTITION OF public.events FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
CREATE TABLE public.events_2025 PARTITION OF public.events FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');
