"""``flush`` that can empty the append-only audit table too.

``flush`` wipes every table of a development or test database (Django's ``TransactionTestCase`` runs it after
each test). The audit table's triggers refuse DELETE/TRUNCATE, so this wrapper lifts them for the flush's own
transaction only (``apps.audit.guards.suspended``) and puts them back before it commits.
"""

from django.core.management.commands import flush
from django.db import connections

from apps.audit import guards


class Command(flush.Command):
    def handle(self, **options):
        connection = connections[options["database"]]
        original = connection.ops.execute_sql_flush

        def execute_sql_flush(sql_list):
            if guards.TABLE in connection.introspection.table_names() and guards.installed(connection):
                with guards.suspended(connection):
                    return original(sql_list)
            return original(sql_list)

        connection.ops.execute_sql_flush = execute_sql_flush
        try:
            return super().handle(**options)
        finally:
            del connection.ops.execute_sql_flush
