-- A column leaves an enum (and a domain, and a sequence default) that is dropped in the same script: the drops
-- must follow the column changes.
CREATE TABLE public.tickets (id int, status text DEFAULT 'open', score integer, n bigint, email text);
CREATE TABLE public.other (id int);
