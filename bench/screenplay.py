"""Screenplay engine benchmark: parse a 120-page feature and a 16 x 70-page series made by the generator.

Prints ms per page for Fountain, FDX and PDF (parse + eighths + element suggestions), screenplain's time on
the same Fountain files (a plain Fountain parser, no eighths or suggestions), and the page-count error of the
standard-layout method (Fountain-derived pages vs the generator's printed PDF pages).

    .venv/bin/python bench/screenplay.py [--language en] [--episodes 16] [--skip-pdf]
"""

from __future__ import annotations

import argparse
import time

from setwise.engines.screenplay import generator as gen
from setwise.engines.screenplay import parse


def _time(fn, repeat: int = 3) -> float:  # type: ignore[no-untyped-def]
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - start)
    return best


def _screenplain(texts: list[str]) -> float | None:
    try:
        from screenplain.parsers import fountain as sp
    except ImportError:
        return None
    import io

    return _time(lambda: [sp.parse(io.StringIO(t)) for t in texts])


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--language", default="en", choices=gen.LANGUAGES)
    ap.add_argument("--episodes", type=int, default=16)
    ap.add_argument("--skip-pdf", action="store_true")
    args = ap.parse_args()
    works = {
        "feature (120 p)": [gen.generate(args.language, pages=120, seed=7)],
        f"series ({args.episodes} x 70 p)": gen.generate_series(args.language, episodes=args.episodes, pages=70),
    }
    parse(gen.to_fountain(works["feature (120 p)"][0]).encode(), None, "fountain")  # warm the regexes
    print(f"language: {args.language}")
    for label, drafts in works.items():
        fountain = [gen.to_fountain(d) for d in drafts]
        fdx = [gen.to_fdx(d) for d in drafts]
        fountain_bytes = [t.encode() for t in fountain]
        scripts = [parse(b, None, "fountain") for b in fountain_bytes]
        pages = sum(s.page_count for s in scripts)
        printed = sum(gen.printed_pages(d) for d in drafts)
        print(f"\n{label}: {len(drafts)} script(s), {sum(len(s.scenes) for s in scripts)} scenes")
        print(f"  pages: standard layout {pages}, printed by the PDF writer {printed} "
              f"(error {100 * (pages - printed) / printed:+.1f}%)")  # fmt: skip
        t = _time(lambda: [parse(b, None, "fountain") for b in fountain_bytes])  # noqa: B023
        print(f"  fountain: {1000 * t / printed:.3f} ms/page ({1000 * t:.0f} ms total)")
        t = _time(lambda: [parse(b, None, "fdx") for b in fdx])  # noqa: B023
        print(f"  fdx:      {1000 * t / printed:.3f} ms/page ({1000 * t:.0f} ms total)")
        sp = _screenplain(fountain)
        if sp is None:
            print("  screenplain: not installed")
        else:
            print(f"  screenplain (fountain, no eighths/suggestions): {1000 * sp / printed:.3f} ms/page")
        if not args.skip_pdf and args.language in gen.PDF_LANGUAGES:
            pdfs = [gen.to_pdf(d) for d in drafts]
            start = time.perf_counter()
            parsed = [parse(p, None, "pdf") for p in pdfs]
            t = time.perf_counter() - start
            pdf_pages = sum(s.page_count for s in parsed)
            e_pdf = sum(s.eighths for s in parsed)
            e_fountain = sum(s.eighths for s in scripts)
            print(f"  pdf:      {1000 * t / pdf_pages:.2f} ms/page ({1000 * t:.0f} ms total, {pdf_pages} pages)")
            print(f"  eighths: from the PDF's pages {e_pdf} ({e_pdf / 8:.1f} p), standard layout {e_fountain} "
                  f"({e_fountain / 8:.1f} p)")  # fmt: skip


if __name__ == "__main__":
    main()
