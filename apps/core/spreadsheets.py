"""Cells of every CSV and spreadsheet the product writes, made safe from formula injection (CWE-1236).

A spreadsheet program runs a cell that starts with ``=``, ``+``, ``-`` or ``@`` (and after a tab or carriage
return) as a formula: a unit leader's comment ``=HYPERLINK("http://…","Xem")`` in an exported timeline would
become a live link in the inspection commission's copy, and openpyxl stores such a string as a formula. Every
text cell that starts so gets a leading apostrophe, which spreadsheet programs show as text. Numbers, dates and
empty cells are left as they are. Every writer (``apps.inspection.timelines.export``, ``apps.targets.documents``) passes
its rows through ``safe_row``.
"""

from django.utils.functional import Promise

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value):
    """`value`, with a leading apostrophe when it is text a spreadsheet would read as a formula."""
    if isinstance(value, Promise):
        value = str(value)
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def safe_row(values):
    return [safe_cell(value) for value in values]
