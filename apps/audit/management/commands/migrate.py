"""``migrate`` that connects as the owner role when ``MIGRATE_DATABASE_URL`` is set.

Production runs as two PostgreSQL roles (deploy/postgres/README.md): the processes connect with ``DATABASE_URL``
as the application role, which cannot change tables; ``manage.py migrate`` switches the default connection to the
owner's credentials for the run, then narrows the application role's rights on the audit log again
(``apps.audit.dbroles``). Without ``MIGRATE_DATABASE_URL`` (development, tests, SQLite) it is Django's migrate.
"""

from django.conf import settings
from django.core.management.commands import migrate
from django.db import DEFAULT_DB_ALIAS, connections

from apps.audit import dbroles


class Command(migrate.Command):
    def handle(self, *args, **options):
        url = getattr(settings, "MIGRATE_DATABASE_URL", "")
        database = options["database"]
        if not url or database != DEFAULT_DB_ALIAS:
            return super().handle(*args, **options)
        app_role = connections[database].settings_dict.get("USER")
        with dbroles.connected_as(url, database) as connection:
            if options["verbosity"] >= 1:
                self.stdout.write(f"Migrating as the owner role {connection.settings_dict.get('USER')!r}")
            result = super().handle(*args, **options)
            if app_role and app_role != connection.settings_dict.get("USER"):
                dbroles.restrict_audit_table(connection, app_role)
        return result
