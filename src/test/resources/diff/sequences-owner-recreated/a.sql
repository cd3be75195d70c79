-- The table owning a serial's sequence is made again (it becomes partitioned): the sequence must survive it.
CREATE TABLE public.events (id serial, at date NOT NULL) PARTITION BY RANGE (at);
CREATE TABLE public.events_all PARTITION OF public.events DEFAULT;
