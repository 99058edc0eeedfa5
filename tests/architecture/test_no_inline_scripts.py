"""The pages' CSP (script-src 'self', style-src 'self') blocks inline scripts, event-handler attributes and
style attributes: a template holding one ships a control that silently does nothing (the review pack's print
button did). Scripts live in web/static and are wired by id or data attribute."""

from __future__ import annotations

import re
from pathlib import Path

TEMPLATES = Path(__file__).resolve().parents[2] / "src" / "steward" / "web" / "templates"
HANDLER = re.compile(r"<[a-zA-Z][^>]*\son[a-z]+\s*=", re.DOTALL)
# A JSON data block (type="application/json", filled with |tojson) is data the CSP leaves alone, not a script
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\ssrc=)(?![^>]*\stype=\"application/json\")[^>]*>", re.IGNORECASE)
JS_URL = re.compile(r"""href\s*=\s*["']\s*javascript:""", re.IGNORECASE)
STYLE_ATTRIBUTE = re.compile(r"<[a-zA-Z][^>]*\sstyle\s*=", re.DOTALL)
CHECKS = {
    "handler": HANDLER,
    "inline script": INLINE_SCRIPT,
    "javascript URL": JS_URL,
    "style": STYLE_ATTRIBUTE,
}


def test_templates_hold_no_inline_script() -> None:
    found = []
    for path in sorted(TEMPLATES.glob("*.html")):
        text = path.read_text(encoding="utf-8")
        for name, pattern in CHECKS.items():
            found += [f"{path.name}: {name}: {m.group(0)[:80]!r}" for m in pattern.finditer(text)]
    assert found == []
