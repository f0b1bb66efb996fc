-- The app's roles (README, "Least privilege"): omnirapeutic, which the app connects as and which owns its database,
-- and omnirapeutic_purge, the only role the audit table's trigger lets delete (the purge command's). Neither is a
-- superuser or may create roles or databases. Run by psql as a superuser; safe to run again. Optional psql variables
-- app_password and purge_password set their passwords (a local cluster that trusts 127.0.0.1 needs none).
SELECT 'CREATE ROLE omnirapeutic LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE'
WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'omnirapeutic') \gexec
SELECT 'CREATE ROLE omnirapeutic_purge LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE'
WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'omnirapeutic_purge') \gexec
\if :{?app_password}
ALTER ROLE omnirapeutic PASSWORD :'app_password';
\endif
\if :{?purge_password}
ALTER ROLE omnirapeutic_purge PASSWORD :'purge_password';
\endif
