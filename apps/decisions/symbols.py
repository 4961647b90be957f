"""The number suffix (ký hiệu) an issuer gives its decisions when its issuer profile does not say otherwise.

Nghị định 30/2020/NĐ-CP Phụ lục III: the suffix is the document type (QĐ) and the issuing body's abbreviation —
QĐ-UBND for a People's Committee, QĐ-SNV for Sở Nội vụ; party bodies (HD 36-HD/VPTW): QĐ-TU for a provincial party
committee, QĐ-ĐU for a commune's. Each issuer keeps its own suffix as data (``IssuerProfile.symbol``); this only
proposes the first value, from the issuer's name, so that two issuers never share one by default (issue 9 §7).

Plain functions of (name, kind): the data migration that gives existing issuers their suffixes uses them too.
"""

import unicodedata

#: bodies named by a fixed phrase, and their abbreviation
KNOWN_PREFIXES = (
    ("ủy ban nhân dân", "UBND"),
    ("ban thường vụ tỉnh ủy", "TU"),
    ("ban thường vụ thành ủy", "TU"),
    ("tỉnh ủy", "TU"),
    ("thành ủy", "TU"),
    ("huyện ủy", "HU"),
    ("đảng ủy", "ĐU"),
    ("hội đồng nhân dân", "HĐND"),
)
#: a territorial unit (the province, a commune) issues through its People's Committee or its party committee
TERRITORIAL = ("tỉnh ", "thành phố ", "xã ", "phường ", "thị trấn ", "đặc khu ")
#: small words left out of an abbreviation
SMALL_WORDS = {"và", "của", "các", "về", "cho"}


def _plain_initial(word):
    """The word's first letter, upper case, without its accents (Đ keeps its stroke)."""
    first = word[0].upper()
    if first == "Đ":
        return first
    return unicodedata.normalize("NFD", first)[0]


def abbreviation(name, kind, *, top_level=False):
    """ "Sở Nội vụ" → "SNV", "Tỉnh Bắc Ninh" (a state body) → "UBND", "Tỉnh ủy Bắc Ninh" → "TU"."""
    text = " ".join((name or "").split()).lower()
    for prefix, abbr in KNOWN_PREFIXES:
        if text.startswith(prefix):
            return abbr
    if top_level or text.startswith(TERRITORIAL):
        if kind == "party":
            return "TU" if top_level or text.startswith(("tỉnh ", "thành phố ")) else "ĐU"
        return "UBND"
    words = [w for w in (name or "").split() if w.lower() not in SMALL_WORDS and w[0].isalpha()]
    return "".join(_plain_initial(w) for w in words) or "UB"


def default_symbol(name, kind, *, top_level=False):
    return "QĐ-" + abbreviation(name, kind, top_level=top_level)
