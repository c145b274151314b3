"""Take the README screenshots from a running Setwise.

Starts nothing itself: point it at a server that is already running, with the credentials of a user who may
see the partner directory, and it logs in through the login form and saves

    docs/screenshot-partners.png   the partner list, 1280x800
    docs/screenshot-network.png    the network overview, 1280x800

Usage:
    .venv/bin/python docs/screenshots.py BASE_URL USERNAME PASSWORD [--out-dir DIR] [--language CODE]

e.g. ``.venv/bin/python docs/screenshots.py http://127.0.0.1:8000 demo demo-password``. It drives Debian's
Chromium (/usr/bin/chromium, installed by ``bin/setup --dev``) through Playwright, headless, like the browser
tests do.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from playwright.sync_api import Page, sync_playwright

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]
VIEWPORT = {"width": 1280, "height": 800}
DOCS_DIR = Path(__file__).resolve().parent


def log_in(page: Page, username: str, password: str) -> None:
    page.goto("/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("form.stacked button[type=submit]")
    page.wait_for_load_state("networkidle")
    if page.locator("#sidenav").count() == 0:
        raise SystemExit(f"could not log in as {username!r} at {page.url}")


def shoot(page: Page, path: str, target: Path) -> None:
    page.goto(path)
    page.wait_for_load_state("networkidle")
    page.evaluate("document.fonts.ready")
    page.screenshot(path=str(target))
    print(f"saved {target} ({page.url})")


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description="Save the README screenshots from a running Setwise.")
    parser.add_argument("base_url", help="address of the running server, e.g. http://127.0.0.1:8000")
    parser.add_argument("username")
    parser.add_argument("password")
    parser.add_argument("--out-dir", type=Path, default=DOCS_DIR, help="where to save the images (default: docs/)")
    parser.add_argument("--language", default="en", help="Accept-Language of the browser (default: en)")
    args = parser.parse_args(argv)

    args.out_dir.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        try:
            context = browser.new_context(
                base_url=args.base_url.rstrip("/"),
                viewport=VIEWPORT,  # type: ignore[arg-type]
                locale=args.language,
                device_scale_factor=1,
            )
            context.set_default_timeout(20_000)
            page = context.new_page()
            log_in(page, args.username, args.password)
            shoot(page, "/partners/", args.out_dir / "screenshot-partners.png")
            shoot(page, "/partners/network/", args.out_dir / "screenshot-network.png")
            context.close()
        finally:
            browser.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
