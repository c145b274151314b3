"""PDF documents from Django templates (WeasyPrint), set in the Noto fonts the setup installs, so Korean,
Japanese, Chinese and Thai text prints with the right glyphs. No resource is fetched while rendering."""

from __future__ import annotations

from django.template.loader import render_to_string

# The CJK family first for the production's language, so shared Han characters take that language's glyph forms
# (Korean, Japanese, Simplified or Traditional Chinese); Latin text is set in Noto Sans, Thai in Noto Sans Thai.
_CJK_FAMILIES = {
    "ko": "Noto Sans CJK KR",
    "ja": "Noto Sans CJK JP",
    "zh-hans": "Noto Sans CJK SC",
    "zh-cn": "Noto Sans CJK SC",
    "zh-sg": "Noto Sans CJK SC",
    "zh": "Noto Sans CJK SC",
    "zh-hant": "Noto Sans CJK TC",
    "zh-tw": "Noto Sans CJK TC",
    "zh-hk": "Noto Sans CJK HK",
    "zh-mo": "Noto Sans CJK HK",
}
_CJK_ORDER = ["Noto Sans CJK KR", "Noto Sans CJK JP", "Noto Sans CJK SC", "Noto Sans CJK TC", "Noto Sans CJK HK"]


def font_stack(lang: str) -> str:
    """The CSS ``font-family`` for text in ``lang`` (a BCP 47 tag such as ``ko``, ``ja``, ``zh-TW``, ``th``)."""
    tag = lang.lower().replace("_", "-")
    first = _CJK_FAMILIES.get(tag) or _CJK_FAMILIES.get(tag.split("-")[0], "Noto Sans CJK KR")
    cjk = [first, *(f for f in _CJK_ORDER if f != first)]
    families = ["Noto Sans", *cjk, "Noto Sans Thai", "sans-serif"]
    return ", ".join(f'"{f}"' if " " in f else f for f in families)


def _css_string(text: str) -> str:
    """``text`` as a quoted CSS string."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\a ")
    return f'"{escaped}"'


def page_counter_css(template: str) -> str:
    """A CSS ``content`` value for a translated "Page {page} of {pages}" (the placeholders in any order)."""
    parts: list[str] = []
    rest = template
    while rest:
        i, placeholder = min(((rest.find(t), t) for t in ("{page}", "{pages}") if t in rest), default=(-1, ""))
        if i < 0:
            parts.append(_css_string(rest))
            break
        if i:
            parts.append(_css_string(rest[:i]))
        parts.append("counter(pages)" if placeholder == "{pages}" else "counter(page)")
        rest = rest[i + len(placeholder) :]
    return " ".join(parts) or '""'


def render_pdf(template: str, context: dict[str, object], base_url: str) -> bytes:
    """Render ``template`` to HTML, then to PDF. No resource is fetched: the pages need only the installed
    fonts, so any URL in the document (there should be none) is refused rather than requested."""
    from weasyprint import HTML  # imported here: loading Pango takes a moment that other pages need not pay
    from weasyprint.urls import URLFetcher

    html = render_to_string(template, context)
    pdf = HTML(string=html, base_url=base_url, url_fetcher=URLFetcher(allowed_protocols=["data"])).write_pdf()
    assert isinstance(pdf, bytes)
    return pdf
