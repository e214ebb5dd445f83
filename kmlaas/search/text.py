"""Thai text as the search index and queries see it.

PostgreSQL's text search splits on spaces, and Thai has none between words,
so both the index and every query go through the same steps here: repair
what PDF copies break (decomposed ำ, zero-width spaces), fold Thai digits to
Arabic, lower-case Latin, then cut into words with PyThaiNLP (newmm, with the
e-LAAS vocabulary in words.txt) and join them with spaces for a `simple`
tsvector.
"""

import re
import unicodedata
from functools import cache
from pathlib import Path

from pythainlp.corpus import thai_words
from pythainlp.tokenize import subword_tokenize, word_tokenize
from pythainlp.util import Trie, normalize

from kmlaas.thai import fix_ocr, to_arabic_digits

HERE = Path(__file__).parent
_INVISIBLE = re.compile(r"[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
_SPACES = re.compile(r"\s+")
# Characters that can be part of a word token; everything else is a separator.
_WORD = re.compile(r"[\w\u0e00-\u0e7f.\-/]+")
_EDGE_PUNCT = re.compile(r"^[.\-/]+|[.\-/]+$")
_THAI = re.compile(r"[\u0e01-\u0e4e]")


def _lines(name):
    return [
        line.strip()
        for line in (HERE / name).read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    ]


@cache
def vocabulary():
    return frozenset(_lines("words.txt"))


@cache
def _trie():
    return Trie(set(thai_words()) | vocabulary() | {form for group in synonym_groups() for form in group})


@cache
def synonym_groups():
    groups = []
    for line in _lines("synonyms.txt"):
        forms = [clean(form) for form in line.split(" = ") if form.strip()]
        groups.append(tuple(dict.fromkeys(forms)))
    return tuple(groups)


@cache
def _synonyms_of():
    table = {}
    for group in synonym_groups():
        for form in group:
            table.setdefault(form, set()).update(group)
    return table


def clean(text):
    """Repair and fold text the same way for the index and for queries."""
    text = unicodedata.normalize("NFC", str(text or ""))
    text = _INVISIBLE.sub("", text)
    text = fix_ocr(normalize(text))  # PyThaiNLP: ํ+า → ำ, duplicated marks, เ+เ → แ
    text = to_arabic_digits(text).lower()
    return _SPACES.sub(" ", text).strip()


def tokens(text, *, expand_compounds=True):
    """The words of a text, in order. With `expand_compounds` (the index) a
    long word is followed by the dictionary words inside it, so "มือถือ"
    finds "โทรศัพท์มือถือ" and "รายการจ่าย" finds "ใบผ่านรายการจ่าย"."""
    words = []
    for chunk in _WORD.findall(clean(text)):
        for word in word_tokenize(chunk, custom_dict=_trie(), engine="newmm", keep_whitespace=False):
            word = _EDGE_PUNCT.sub("", word)
            if not word:
                continue
            words.append(word)
            if expand_compounds and len(word) >= 6 and _THAI.search(word):
                words.extend(_inner_words(word))
    return words


def _inner_words(word):
    """Dictionary words (three characters or more) starting inside a Thai word,
    other than the word itself; found at character-cluster boundaries so a
    vowel is never split from its consonant."""
    trie, found, position = _trie(), [], 0
    for cluster in subword_tokenize(word, engine="tcc"):
        for inner in trie.prefixes(word[position:]):
            if len(inner) > 2 and inner != word and inner not in found:
                found.append(inner)
        position += len(cluster)
    return found


def index_text(text):
    return " ".join(tokens(text))


def synonyms(word):
    """Every form a word may be written in (itself included)."""
    return _synonyms_of().get(word, {word})


def spellings(word):
    """The token sequences a word may appear as in the index: as one token
    and, when the plain dictionary splits it, as its parts in a row (a longer
    compound from words.txt may have swallowed it: "กันเงิน" inside
    "กันเงินไว้เบิกเหลื่อมปี" is indexed as the parts "กัน เงิน")."""
    whole = tokens(word, expand_compounds=False)
    split = [
        part for part in word_tokenize(clean(word), engine="newmm", keep_whitespace=False) if part.strip()
    ]
    return [seq for seq in (whole, split) if seq] if split != whole else [whole] if whole else []
