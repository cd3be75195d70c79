-- Nothing but the roles.
-- roles are cluster-wide and both databases share the cluster: made only when missing
DO $$
DECLARE r text;
BEGIN
  FOREACH r IN ARRAY ARRAY['diffpriv_reader', 'DiffPriv Writer', 'diffpriv_ünï', 'diffpriv_owner'] LOOP
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = r) THEN
      EXECUTE format('CREATE ROLE %I NOLOGIN', r);
    END IF;
  END LOOP;
END
$$;
