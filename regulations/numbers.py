"""Document numbers of Thai official letters.

Printed numbers vary: "ที่ มท ๐๘๐๘.๔/ว ๒๖๒๕", "มท 0808.4/ว2625", OCR splits
like "ว ๒๑ ๒๑". The normalised form folds digits to Arabic, drops spaces (also
around the dots and the slash) and the leading "ที่", unifies slashes and
lower-cases Latin letters, so any of these finds the letter. It is also the
register's identity: no two letters share a non-empty normalised number.
"""

import re

from kmlaas.thai import to_arabic_digits

_SLASHES = str.maketrans({"／": "/", "∕": "/", "⁄": "/", "\\": "/"})
_DROP = re.compile(r"[\s\u200b\u200c\u200d\ufeff]+")
# "ที่" ("number") is printed before the number, with or without a space; no
# agency code starts with it (codes are bare consonants: มท, นพ, กค).
_LEADING_TI = re.compile(r"^(?:ที่)+")


def normalize_number(text):
    text = _DROP.sub("", to_arabic_digits(text or "").translate(_SLASHES))
    return _LEADING_TI.sub("", text).lower()


# A letter number as printed: agency letters, the code with dots, a slash,
# an optional ว (circular), and digits that OCR may have split with a space.
NUMBER_PATTERN = r"[ก-ฮ]{1,3}\.?\s*[0-9๐-๙]{3,4}(?:\.[0-9๐-๙]+)*\s*/\s*(?:ว\s*)?[0-9๐-๙]+(?: [0-9๐-๙]+)*"


def looks_like_number(query):
    """Whether a search is for a document number ("ว 2625", "0808.4/ว2625")."""
    folded = normalize_number(query)
    return bool(re.fullmatch(r"([ก-ฮ]{1,3})?[0-9.]*/?ว?[0-9]{2,5}", folded)) and any(
        c.isdigit() for c in folded
    )
