"""Take screenshots of Mobiliza's pages as a user sees them (desktop and phone, Spanish and English).

Usage: start the site (`make run`), then
    .venv/bin/python scripts/screenshots.py [--base http://127.0.0.1:8000] [--user secretariat@example.org] PATH...
Pictures land in test-artifacts/screens/.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from playwright.sync_api import sync_playwright

OUT = Path(__file__).resolve().parent.parent / "test-artifacts" / "screens"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--base", default="http://127.0.0.1:8000")
    parser.add_argument("--user", default="secretariat@example.org")
    parser.add_argument("--password", default="mobiliza-demo")
    parser.add_argument("--phone", action="store_true", help="also at 390 px wide")
    parser.add_argument(
        "paths", nargs="+", help="paths without the language prefix, e.g. /coalition/"
    )
    args = parser.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        sizes = [("desktop", 1280)] + ([("phone", 390)] if args.phone else [])
        for size_name, width in sizes:
            page = browser.new_page(viewport={"width": width, "height": 900})
            page.goto(f"{args.base}/es/accounts/login/")
            page.fill("input[name=username]", args.user)
            page.fill("input[name=password]", args.password)
            page.click("form.record-form button[type=submit]")
            page.wait_for_load_state()
            for language in ("es", "en"):
                for path in args.paths:
                    page.goto(f"{args.base}/{language}{path}")
                    name = path.strip("/").replace("/", "_") or "home"
                    target = OUT / f"{name}-{language}-{size_name}.png"
                    page.screenshot(path=str(target), full_page=True)
                    print(target)
        browser.close()


if __name__ == "__main__":
    main()
