#!/usr/bin/env python3
"""Embeds the bundled catalog and holiday calendar into bench/web/intake.html.

The page is the browser-side twin of Quầy's intake screen for
bench/compare_chromium.sh: it carries the same 80 procedures
(assets/data/procedures.csv) and the same holiday rows (assets/data/holidays.csv)
as JSON inside <script type="application/json"> blocks, so it loads nothing but
itself and the Noto Sans font. Run after either CSV changes; it rewrites the
page only when the embedded data differ.

Usage: bench/web/embed_catalog.py
"""
import csv
import json
import pathlib
import re

ROOT = pathlib.Path(__file__).resolve().parents[2]
PAGE = ROOT / "bench" / "web" / "intake.html"


def procedures():
    keep = ["code", "name", "field", "deadline_working_days", "same_day", "fee_vnd", "documents"]
    with open(ROOT / "assets" / "data" / "procedures.csv", encoding="utf-8") as f:
        return [{k: row[k] for k in keep} for row in csv.DictReader(f)]


def holidays():
    with open(ROOT / "assets" / "data" / "holidays.csv", encoding="utf-8") as f:
        return [
            {"date": row["date"], "day_off": row["day_off_public_servants"]}
            for row in csv.DictReader(f)
        ]


def block(ident, data):
    # "</" cannot appear inside a script element.
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":")).replace("</", "<\\/")
    return f'<script id="{ident}" type="application/json">{text}</script>'


def main():
    page = PAGE.read_text(encoding="utf-8")
    new = page
    for ident, data in (("catalog", procedures()), ("holidays", holidays())):
        pattern = re.compile(rf'<script id="{ident}" type="application/json">.*?</script>', re.S)
        if not pattern.search(new):
            raise SystemExit(f"{PAGE}: no <script id=\"{ident}\"> block")
        new = pattern.sub(lambda _m, i=ident, d=data: block(i, d), new, count=1)
    if new != page:
        PAGE.write_text(new, encoding="utf-8")
        print(f"updated {PAGE.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
