"""Appending many rows whose primary keys nobody reads afterwards (history rows, audit entries) with one
``executemany`` per batch.

The values are those Django would write (each field's ``get_db_prep_save``, skipped only for a plain ``str``, ``int``
or ``bool`` in a text, integer or boolean column, which Django passes through unchanged), without building a model
instance per row and compiling an ``INSERT`` per batch of a few dozen rows (SQLite's 999 parameters), which is most
of the time ``bulk_create`` takes for a big import. Like ``bulk_create``, no signal is sent.
"""

import datetime
import decimal

from django.db import connections, router

BATCH = 2000

_TEXT = {"CharField", "TextField", "SlugField", "EmailField", "URLField"}
_INTEGER = {
    "IntegerField",
    "BigIntegerField",
    "SmallIntegerField",
    "PositiveIntegerField",
    "PositiveBigIntegerField",
    "PositiveSmallIntegerField",
}


#: immutable values whose database form is kept per column, since an import repeats them (its one timestamp)
_MEMO = {datetime.datetime, datetime.date, decimal.Decimal}


def _plain_type(field):
    """The Python type a value of `field` is written as it is, or None."""
    kind = field.get_internal_type()
    if kind in ("ForeignKey", "OneToOneField"):
        kind = field.target_field.get_internal_type()
        if kind in ("AutoField", "BigAutoField", "SmallAutoField"):
            return int
    if kind in _TEXT:
        return str
    if kind in _INTEGER:
        return int
    if kind == "BooleanField":
        return bool
    return None


def insert_rows(model, rows, *, using=None, batch_size=BATCH):
    """Insert `rows` (an iterable of ``{attname: value}``; a missing field takes its default, the automatic primary
    key is left to the database) into `model`'s table. Returns how many rows were inserted."""
    using = using or router.db_for_write(model)
    connection = connections[using]
    meta = model._meta
    fields = [field for field in meta.concrete_fields if field is not meta.auto_field]
    for field in fields:
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            raise ValueError(f"{meta.label}.{field.name}: insert_rows does not fill auto_now fields")
    plain = [_plain_type(field) for field in fields]
    quote = connection.ops.quote_name
    sql = "INSERT INTO {} ({}) VALUES ({})".format(
        quote(meta.db_table),
        ", ".join(quote(field.column) for field in fields),
        ", ".join(["%s"] * len(fields)),
    )
    columns = [(field, kind, {}) for field, kind in zip(fields, plain, strict=True)]

    def values(row):
        out = []
        for field, kind, memo in columns:
            value = row[field.attname] if field.attname in row else field.get_default()
            if value is None and kind is not None:
                out.append(None)
            elif kind is not None and type(value) is kind:
                out.append(value)
            elif type(value) in _MEMO:  # immutable values repeated down a column (one timestamp, one date)
                key = (type(value), value)
                if key not in memo:
                    if len(memo) > 10_000:
                        memo.clear()
                    memo[key] = field.get_db_prep_save(value, connection)
                out.append(memo[key])
            else:
                out.append(field.get_db_prep_save(value, connection))
        return out

    count, batch = 0, []
    with connection.cursor() as cursor:
        for row in rows:
            batch.append(values(row))
            if len(batch) >= batch_size:
                cursor.executemany(sql, batch)
                count += len(batch)
                batch = []
        if batch:
            cursor.executemany(sql, batch)
            count += len(batch)
    return count
