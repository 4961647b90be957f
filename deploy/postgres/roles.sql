-- CadreFlow on PostgreSQL with two roles (docs: deploy/postgres/README.md).
--
--   owner  owns the schema and every table; `manage.py migrate` connects as it (MIGRATE_DATABASE_URL).
--   app    what the web and Celery processes connect as (DATABASE_URL): reads and writes the tables, but on the
--          audit log (audit_auditentry) only SELECT and INSERT. Not an owner, not a superuser, so it can neither
--          UPDATE, DELETE or TRUNCATE the log nor ALTER TABLE … DISABLE TRIGGER nor SET session_replication_role.
--
-- Run as a superuser (or the database's owner with CREATEROLE) on the application's database, before the first
-- `migrate` and again after every `migrate` (it is idempotent):
--
--   psql -v ON_ERROR_STOP=1 -d cadreflow -v owner=cadreflow_owner -v app=cadreflow_app -f deploy/postgres/roles.sql
--
-- Roles are created without a password; set them with \password (or use peer/cert authentication in pg_hba.conf).
-- Tables that already exist (an installation that ran as one role) are handed to the owner role.

\set ON_ERROR_STOP on
SELECT set_config('cadreflow.owner_role', :'owner', false), set_config('cadreflow.app_role', :'app', false);

DO $roles$
DECLARE
    owner_role text := current_setting('cadreflow.owner_role');
    app_role text := current_setting('cadreflow.app_role');
    rel record;
BEGIN
    IF owner_role = '' OR app_role = '' OR owner_role = app_role THEN
        RAISE EXCEPTION 'give two different role names: -v owner=… -v app=…';
    END IF;
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = owner_role) THEN
        EXECUTE format('CREATE ROLE %I LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION', owner_role);
    END IF;
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = app_role) THEN
        EXECUTE format('CREATE ROLE %I LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS',
                       app_role);
    END IF;
    IF (SELECT rolsuper FROM pg_roles WHERE rolname = app_role) THEN
        RAISE EXCEPTION 'the application role % must not be a superuser', app_role;
    END IF;
    IF pg_has_role(app_role, owner_role, 'MEMBER') THEN
        RAISE EXCEPTION 'the application role % must not be a member of the owner role %', app_role, owner_role;
    END IF;

    -- the schema: the owner creates tables, the application only uses them
    EXECUTE format('GRANT CONNECT, TEMPORARY ON DATABASE %I TO %I, %I', current_database(), owner_role, app_role);
    EXECUTE format('GRANT USAGE, CREATE ON SCHEMA public TO %I', owner_role);
    EXECUTE 'REVOKE CREATE ON SCHEMA public FROM PUBLIC';
    EXECUTE format('REVOKE CREATE ON SCHEMA public FROM %I', app_role);
    EXECUTE format('GRANT USAGE ON SCHEMA public TO %I', app_role);

    -- what exists is owned by the owner (sequences of identity columns follow their table)
    FOR rel IN
        SELECT c.oid::regclass AS name, c.relkind
          FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
         WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p', 'v', 'm', 'S')
           AND pg_get_userbyid(c.relowner) <> owner_role
           AND NOT EXISTS (SELECT FROM pg_depend d
                            WHERE d.objid = c.oid AND d.classid = 'pg_class'::regclass
                              AND d.deptype IN ('a', 'i') AND c.relkind = 'S')
    LOOP
        EXECUTE format('ALTER %s %s OWNER TO %I',
                       CASE rel.relkind WHEN 'v' THEN 'VIEW' WHEN 'm' THEN 'MATERIALIZED VIEW'
                                        WHEN 'S' THEN 'SEQUENCE' ELSE 'TABLE' END,
                       rel.name, owner_role);
    END LOOP;
    FOR rel IN
        SELECT p.oid::regprocedure AS name
          FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
         WHERE n.nspname = 'public' AND pg_get_userbyid(p.proowner) <> owner_role
    LOOP
        EXECUTE format('ALTER FUNCTION %s OWNER TO %I', rel.name, owner_role);
    END LOOP;

    -- the application reads and writes every table, now and those future migrations create…
    EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO %I', app_role);
    EXECUTE format('GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO %I', app_role);
    EXECUTE format('ALTER DEFAULT PRIVILEGES FOR ROLE %I IN SCHEMA public '
                   'GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO %I', owner_role, app_role);
    EXECUTE format('ALTER DEFAULT PRIVILEGES FOR ROLE %I IN SCHEMA public '
                   'GRANT USAGE, SELECT ON SEQUENCES TO %I', owner_role, app_role);

    -- …except the audit log: SELECT and INSERT only (`migrate` with MIGRATE_DATABASE_URL repeats this step)
    IF to_regclass('public.audit_auditentry') IS NOT NULL THEN
        EXECUTE 'REVOKE ALL ON audit_auditentry FROM PUBLIC';
        EXECUTE format('REVOKE ALL ON audit_auditentry FROM %I', app_role);
        EXECUTE format('GRANT SELECT, INSERT ON audit_auditentry TO %I', app_role);
    ELSE
        RAISE NOTICE 'audit_auditentry does not exist yet: run migrate (with MIGRATE_DATABASE_URL), then this script again';
    END IF;
END
$roles$;
