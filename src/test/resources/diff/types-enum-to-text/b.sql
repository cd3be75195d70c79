CREATE EXTENSION citext;
CREATE TYPE public.status AS ENUM ('open', 'closed');
CREATE DOMAIN public.score AS integer CHECK (VALUE >= 0);
CREATE SEQUENCE public.ticket_n;
CREATE TABLE public.tickets (id int, status public.status DEFAULT 'open', score public.score,
    n bigint DEFAULT nextval('public.ticket_n'), email citext);
CREATE TABLE public.other (id int);
