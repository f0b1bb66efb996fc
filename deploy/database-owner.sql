-- Hands the connected database to the app's role (deploy/roles.sql): the database, and the tables, views, sequences and
-- functions an earlier version created as a superuser (not those of extensions). Then lets the purge role read and
-- delete audit events, which the migration that added the trigger grants only when the role already existed.
-- Run by psql as a superuser, connected to the app's database; safe to run again.
SELECT format('ALTER DATABASE %I OWNER TO omnirapeutic', current_database()) \gexec
SELECT format('ALTER TABLE public.%I OWNER TO omnirapeutic', c.relname)
FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p', 'v', 'm', 'S') AND pg_get_userbyid(c.relowner) <> 'omnirapeutic'
  AND NOT EXISTS (SELECT FROM pg_depend d WHERE d.objid = c.oid AND d.deptype IN ('a', 'i', 'e')) \gexec
SELECT format('ALTER FUNCTION public.%I(%s) OWNER TO omnirapeutic', p.proname, pg_get_function_identity_arguments(p.oid))
FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
WHERE n.nspname = 'public' AND pg_get_userbyid(p.proowner) <> 'omnirapeutic'
  AND NOT EXISTS (SELECT FROM pg_depend d WHERE d.objid = p.oid AND d.deptype = 'e') \gexec
SELECT 'GRANT SELECT, DELETE ON audit_events TO omnirapeutic_purge' WHERE to_regclass('public.audit_events') IS NOT NULL \gexec
