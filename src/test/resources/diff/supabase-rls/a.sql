-- On the Supabase-shaped fixture (loaded on both sides first, see the file "supabase" here): an exposed schema,
-- RLS tables with policies for anon and authenticated, grants to the API roles, default privileges.
CREATE SCHEMA api;
COMMENT ON SCHEMA api IS 'Exposed through PostgREST';
GRANT USAGE ON SCHEMA api TO anon, authenticated, service_role;
ALTER DEFAULT PRIVILEGES IN SCHEMA api GRANT SELECT ON TABLES TO anon, authenticated;
ALTER DEFAULT PRIVILEGES IN SCHEMA api GRANT ALL ON TABLES TO service_role;
ALTER DEFAULT PRIVILEGES REVOKE EXECUTE ON FUNCTIONS FROM PUBLIC;

CREATE TABLE public.notes (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  user_id uuid NOT NULL REFERENCES auth.users (id) ON DELETE CASCADE,
  body text NOT NULL,
  is_public boolean NOT NULL DEFAULT false
);
COMMENT ON TABLE public.notes IS 'Notes; public ones are readable by anyone';
ALTER TABLE public.notes ENABLE ROW LEVEL SECURITY;
CREATE POLICY "Anyone reads public notes" ON public.notes FOR SELECT TO anon, authenticated USING (is_public);
CREATE POLICY "Owners manage their notes" ON public.notes FOR ALL TO authenticated
  USING ((SELECT auth.uid()) = user_id) WITH CHECK ((SELECT auth.uid()) = user_id);
-- the schema's default privileges gave anon SELECT on the whole table: only two columns instead
REVOKE ALL ON public.notes FROM anon;
GRANT SELECT (id, body) ON public.notes TO anon;
GRANT INSERT, UPDATE, DELETE ON public.notes TO authenticated;

CREATE TABLE api.feed (id bigint PRIMARY KEY, note_id bigint REFERENCES public.notes (id), at timestamptz NOT NULL);
ALTER TABLE api.feed ENABLE ROW LEVEL SECURITY;
CREATE POLICY "Feed is public" ON api.feed FOR SELECT TO anon, authenticated USING (true);

-- changes to what the fixture has
ALTER POLICY "Profiles are viewable by everyone" ON public.profiles TO authenticated;
REVOKE SELECT ON public.profiles FROM anon;
REVOKE UPDATE (full_name, avatar_url) ON public.profiles FROM anon;
COMMENT ON COLUMN public.profiles.username IS 'Unique handle';
ALTER TABLE app.rooms ENABLE ROW LEVEL SECURITY;
CREATE POLICY "Rooms are readable" ON app.rooms FOR SELECT TO authenticated USING (true);
CREATE POLICY "Avatars upload" ON storage.objects FOR INSERT TO authenticated WITH CHECK (bucket_id = 'avatars');
REVOKE EXECUTE ON FUNCTION public.todo_count(uuid) FROM PUBLIC;
COMMENT ON TABLE auth.users IS 'Auth: users';
