-- Nearly empty: the diff creates every type, sequence and extension (and drops them the other way).
CREATE TABLE public.unrelated (id int);
