"""Company-name normalisation for duplicate detection, in any script (pure Python).

``name_key("Hanbit Pictures Co., Ltd.") == name_key("HANBIT PICTURES") == "hanbitpictures"`` and
``name_key("(주)한빛픽처스") == name_key("한빛 픽처스")``: Unicode NFKC, case folding, legal-form words of the
region removed (Co. Ltd., Inc., 주식회사, (주), 株式会社, 有限公司, บริษัท ... จำกัด, PT, Pty Ltd), then every
character that is not a letter or digit dropped.
"""

from __future__ import annotations

import re
import unicodedata

_LEGAL_FORMS = [
    # Latin-script legal forms (whole words)
    r"\bco\b\.?",
    r"\bcorp(oration)?\b\.?",
    r"\bcompany\b",
    r"\bltd\b\.?",
    r"\blimited\b",
    r"\binc\b\.?",
    r"\bincorporated\b",
    r"\bllc\b",
    r"\bpty\b",
    r"\bpte\b",
    r"\bplc\b",
    r"\bgmbh\b",
    r"\bk\.?k\b\.?",
    r"\bpt\b\.?",
    r"\bcv\b\.?",
    r"\btbk\b\.?",
    r"\bsdn\s+bhd\b",
    r"\bpublic\s+company\b",
    r"\bco\.,?\s*ltd\b\.?",
    # CJK and Thai legal forms (anywhere)
    r"주식회사",
    r"\(주\)",
    r"㈜",
    r"유한회사",
    r"株式会社",
    r"\(株\)",
    r"㈱",
    r"有限会社",
    r"合同会社",
    r"股份有限公司",
    r"有限公司",
    r"บริษัท",
    r"จำกัด",
    r"\(มหาชน\)",
]


def fold(text: str) -> str:
    """NFKC + case folding (stable: folding the result again changes nothing): the form every search uses."""
    folded = unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", text or "").casefold())
    return folded


# The patterns are folded like the names they are matched against (NFKC changes e.g. Thai SARA AM).
_LEGAL_RE = re.compile("|".join(fold(p) for p in _LEGAL_FORMS))


def name_key(name: str) -> str:
    """The duplicate-detection key of a company name; empty if nothing distinctive remains."""
    folded = fold(name)
    stripped = _LEGAL_RE.sub(" ", folded)
    key = _keep_letters(stripped) or _keep_letters(folded)
    return fold(key)


def _keep_letters(text: str) -> str:
    return "".join(ch for ch in text if unicodedata.category(ch)[0] in {"L", "N", "M"})


def search_terms(query: str) -> list[str]:
    """Split a search query into folded terms (whitespace separated; CJK runs stay whole)."""
    return [t for t in fold(query).split() if t]
