CREATE TABLE public.events (id serial, at date NOT NULL);
