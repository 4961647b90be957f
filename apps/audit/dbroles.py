"""Two PostgreSQL roles in production (deploy/postgres/roles.sql, deploy/postgres/README.md).

The application connects as a role that may only SELECT and INSERT on the audit log (``DATABASE_URL``);
``manage.py migrate`` connects as the owner (``MIGRATE_DATABASE_URL``, see ``connected_as``) and, after migrating,
narrows the application role's rights on the audit table again (``restrict_audit_table``), so that a migration
that recreated it cannot leave the application with UPDATE or DELETE on it.
"""

from contextlib import contextmanager

import environ
from django.core.exceptions import ImproperlyConfigured
from django.db import connections

from . import guards

_CREDENTIALS = ("USER", "PASSWORD", "HOST", "PORT", "OPTIONS")


@contextmanager
def connected_as(url, alias="default"):
    """Run the enclosed code with connection `alias` logged in with the credentials of `url` (same database)."""
    connection = connections[alias]
    target = environ.Env.db_url_config(url)
    settings_dict = connection.settings_dict
    if target["ENGINE"] != settings_dict["ENGINE"] or target["NAME"] != _database_name(connection):
        raise ImproperlyConfigured("MIGRATE_DATABASE_URL must point at the same database as DATABASE_URL")
    saved = {key: settings_dict.get(key) for key in _CREDENTIALS}
    connection.close()
    settings_dict.update({key: target[key] for key in _CREDENTIALS if key in target})
    try:
        yield connection
    finally:
        connection.close()
        settings_dict.update(saved)


def _database_name(connection):
    return connection.settings_dict["NAME"]


def restrict_audit_table(connection, app_role):
    """As the table's owner: the application role may only SELECT and INSERT on the audit log."""
    if connection.vendor != "postgresql" or not app_role:
        return
    quoted = connection.ops.quote_name(app_role)
    with connection.cursor() as cursor:
        cursor.execute(f"REVOKE ALL ON {guards.TABLE} FROM PUBLIC")
        cursor.execute(f"REVOKE ALL ON {guards.TABLE} FROM {quoted}")
        cursor.execute(f"GRANT SELECT, INSERT ON {guards.TABLE} TO {quoted}")
