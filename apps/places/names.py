"""Spelling-blind place names: the one normalisation used to match typed names to places.

Kept free of Django models so that data migrations can import it (the historical models have no methods).
"""

import unicodedata

#: administrative prefixes that are part of how a name is written, not of the name ("huyện Yên Dũng")
PREFIXES = (
    "thanh pho truc thuoc trung uong ",
    "thanh pho ",
    "tinh ",
    "tp. ",
    "tp ",
    "thi xa ",
    "thi tran ",
    "huyen ",
    "quan ",
    "xa ",
    "phuong ",
    "dac khu ",
)


def fold(text):
    """Lower case, no accents (đ → d), single spaces: "  Bắc  Ninh" and "bac ninh" fold alike."""
    decomposed = unicodedata.normalize("NFD", (text or "").replace("đ", "d").replace("Đ", "D"))
    bare = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    return " ".join(bare.casefold().split())


def split_prefix(text):
    """(folded prefix or "", folded bare name): "Huyện Yên Dũng" → ("huyen", "yen dung")."""
    folded = fold(text)
    for prefix in PREFIXES:
        if folded.startswith(prefix) and len(folded) > len(prefix):
            return prefix.strip(), folded[len(prefix) :]
    return "", folded


def search_name(text):
    """The bare folded name a place is searched by."""
    return split_prefix(text)[1]


#: which level a typed prefix names
PREFIX_LEVEL = {
    "tinh": "province",
    "thanh pho truc thuoc trung uong": "province",
    "huyen": "district",
    "quan": "district",
    "thi xa": "district",
    "xa": "commune",
    "phuong": "commune",
    "dac khu": "commune",
    "thi tran": "commune",
}
