-- On the Supabase-shaped fixture: another set of changes, and a table the other side does not have.
ALTER TABLE public.todos NO FORCE ROW LEVEL SECURITY;
CREATE POLICY "Anon sees done todos" ON public.todos FOR SELECT TO anon USING (status = 'done');
GRANT SELECT ON public.todos TO anon;
GRANT SELECT ON public.open_todos TO anon;
COMMENT ON POLICY "Users manage their own todos" ON public.todos IS 'auth.uid() owns the row';
ALTER DEFAULT PRIVILEGES IN SCHEMA public REVOKE SELECT ON TABLES FROM authenticated;

CREATE TABLE public.legacy (id int PRIMARY KEY, secret text);
ALTER TABLE public.legacy ENABLE ROW LEVEL SECURITY;
ALTER TABLE public.legacy FORCE ROW LEVEL SECURITY;
CREATE POLICY "Service only" ON public.legacy AS RESTRICTIVE FOR ALL TO service_role USING (true);
GRANT SELECT (id) ON public.legacy TO authenticated;
