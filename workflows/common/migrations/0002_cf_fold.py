"""``cf_fold(text)`` on PostgreSQL for the accent-insensitive search of the task lists (``workflows.common.fold``):
``lower(unaccent(text))`` as an IMMUTABLE function, so that it may be indexed; where the ``unaccent`` extension
cannot be created (no privilege), the same folding of the Vietnamese letters by ``translate``. With ``pg_trgm``,
trigram indexes on the folded cadre names and codes and unit names serve ``cf_fold(x) LIKE '%…%'``.
On SQLite ``cf_fold`` is a Python function registered on each connection: nothing to create."""

import unicodedata

from django.db import migrations


def _letters():
    """(accented letters, their folded letters) of Latin-1 Supplement to Latin Extended Additional."""
    source, target = [], []
    for code in range(0xC0, 0x1F00):
        char = chr(code)
        if not char.isalpha():
            continue
        decomposed = unicodedata.normalize("NFD", char.replace("đ", "d").replace("Đ", "D"))
        folded = "".join(c for c in decomposed if not unicodedata.combining(c)).lower()
        if len(folded) == 1 and folded.isascii() and folded != char:
            source.append(char)
            target.append(folded)
    return "".join(source), "".join(target)


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    source, target = _letters()
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(
            "DO $$ BEGIN CREATE EXTENSION IF NOT EXISTS unaccent; "
            "EXCEPTION WHEN others THEN RAISE NOTICE 'unaccent not available'; END $$"
        )
        cursor.execute("SELECT 1 FROM pg_extension WHERE extname = 'unaccent'")
        if cursor.fetchone():
            body = "SELECT lower(public.unaccent('public.unaccent'::regdictionary, $1))"
        else:
            body = "SELECT lower(translate($1, '%s', '%s'))" % (source, target)
        cursor.execute(
            "CREATE OR REPLACE FUNCTION cf_fold(text) RETURNS text "
            "LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT AS $f$ " + body + " $f$"
        )
        cursor.execute(
            "DO $$ BEGIN CREATE EXTENSION IF NOT EXISTS pg_trgm; "
            "EXCEPTION WHEN others THEN RAISE NOTICE 'pg_trgm not available'; END $$"
        )
        cursor.execute("SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm'")
        if cursor.fetchone():
            for name, table, column in INDEXES:
                cursor.execute(
                    f"CREATE INDEX IF NOT EXISTS {name} ON {table} USING gin (cf_fold({column}) gin_trgm_ops)"
                )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        for name, _table, _column in INDEXES:
            cursor.execute(f"DROP INDEX IF EXISTS {name}")
        cursor.execute("DROP FUNCTION IF EXISTS cf_fold(text)")


INDEXES = [
    ("cadres_cadre_name_fold_trgm", "cadres_cadre", "full_name"),
    ("cadres_cadre_code_fold_trgm", "cadres_cadre", "code"),
    ("organisation_orgunit_name_fold_trgm", "organisation_orgunit", "name"),
]


class Migration(migrations.Migration):
    dependencies = [
        ("workflow_common", "0001_initial"),
        ("cadres", "0001_initial"),
        ("organisation", "0001_initial"),
    ]

    operations = [migrations.RunPython(create, drop, elidable=False)]
