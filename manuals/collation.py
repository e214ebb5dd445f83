"""Thai dictionary order for titles, on any PostgreSQL.

A server built with ICU (Debian's and most distributions' packages) has the
"th-TH-x-icu" collation, which orders Thai as the Royal Institute dictionary
does. Servers without ICU, such as the embedded PostgreSQL of a developer
checkout, get the same order for ordinary titles from a key computed in SQL:
byte order (collation "C") puts Thai consonants in dictionary order, and the
key fixes the two ways that differs from the dictionary — the leading
vowels เ แ โ ใ ไ are written before their consonant but sorted after it, and
tone marks do not count at the first level.
"""

from functools import cache

from django.db import connection
from django.db.models import F, Func, TextField
from django.db.models.functions import Collate

ICU_COLLATIONS = ("th-TH-x-icu", "th-x-icu")


class ThaiSortKey(Func):
    template = "translate(regexp_replace(lower(%(expressions)s), '([เแโใไ])([ก-ฮ])', '\\2\\1', 'g'), '่้๊๋็์', '')"
    output_field = TextField()


@cache
def _icu_collation(vendor, host, port, database):
    if vendor != "postgresql":
        return None
    with connection.cursor() as cursor:
        cursor.execute("SELECT collname FROM pg_collation WHERE collname = ANY(%s)", [list(ICU_COLLATIONS)])
        found = {row[0] for row in cursor.fetchall()}
    return next((c for c in ICU_COLLATIONS if c in found), None)


def icu_collation():
    """The server's Thai ICU collation, or None; asked once per database."""
    settings = connection.settings_dict
    return _icu_collation(connection.vendor, settings["HOST"], settings["PORT"], settings["NAME"])


def thai_order(field):
    """An expression for order_by() that sorts a text field in Thai dictionary order."""
    if collation := icu_collation():
        return Collate(F(field), collation)
    return Collate(ThaiSortKey(field), "C")
