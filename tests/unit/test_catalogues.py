"""The message catalogues (respondent pages, survey e-mails and the translated part of the staff UI): every
string of the template is translated in every language, never left as the English copy, with the same
%(name)s placeholders and every plural form; the language tags customers' records carry resolve as
expected."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path
from typing import get_args

import pytest
from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po

from steward.core.i18n import LANGUAGES, LOCALES, catalogue_parts, negotiate, resolve, translations
from steward.domains.ctas import worklist
from steward.domains.ctas.schemas import DEFAULT_TYPES, Priority
from steward.domains.tickets.schemas import DEFAULT_STATUSES, Channel, CsatScale
from steward.domains.tickets.schemas import PRIORITIES as TICKET_PRIORITIES
from steward.web.ui import labels, ticket_queue
from steward.web.ui.templating import label

PLACEHOLDER = re.compile(r"%\((\w+)\)s")


def _templates() -> list[Catalog]:
    found = []
    for part in catalogue_parts():
        with (LOCALES / f"{part}.pot").open("rb") as fh:
            found.append(read_po(fh))
    return found


def _ids() -> list[str]:
    return [str(m.id) for t in _templates() for m in t if m.id and isinstance(m.id, str) and not m.context]


def _context_ids() -> list[tuple[str, str]]:
    """Strings said with pgettext: English that means something else elsewhere, told apart by msgctxt."""
    return [
        (str(m.context), str(m.id)) for t in _templates() for m in t if m.context and isinstance(m.id, str)
    ]


def _plural_ids() -> list[tuple[str, str]]:
    return [(m.id[0], m.id[1]) for t in _templates() for m in t if isinstance(m.id, tuple)]


def _catalogue(language: str) -> Catalog:
    """Every part of the language's catalogue in one, as `translations` merges them."""
    merged: Catalog | None = None  # the header (plural forms) of the first part, `messages`
    for part in catalogue_parts():
        path = LOCALES / language.replace("-", "_") / "LC_MESSAGES" / f"{part}.po"
        assert path.exists(), f"{language}: {part}.po is missing"
        with path.open("rb") as fh:
            catalog = read_po(fh, locale=language.replace("-", "_"))
        if merged is None:
            merged = catalog
            continue
        assert catalog.num_plurals == merged.num_plurals, f"{language}: {part}.po's plural forms"
        for message in catalog:
            if message.id and merged.get(message.id, message.context) is None:  # a msgctxt is its own string
                merged[message.id] = message
    assert merged is not None
    return merged


OTHER_LANGUAGES = [lang for lang in LANGUAGES if lang != "en"]
SAME_WORD = {  # spelt alike in both languages, not left untranslated: a word, and the unit symbols d, h, min
    ("de", "optional"),
    ("es", "No"),  # the help center's "Was this article helpful?" answer
    ("es", "%(days)s d %(hours)s h"),
    ("es", "%(days)s d"),
    *((lang, m) for lang in ("es", "fr") for m in ("%(hours)s h %(mins)s min", "%(hours)s h")),
    *((lang, "%(mins)s min") for lang in ("es", "fr", "pl")),
    *((lang, "%(num)s ticket") for lang in ("es", "fr")),  # "12 tickets" in both
    *(("de", m) for m in ("Domain", "Name", "Region", "Segment")),  # the account page's words
    *(("fr", m) for m in ("Segment", "Plans", "Contacts", "Contacts (%(count)s)", "Contact", "contact")),
    *(("fr", m) for m in ("Notes", "Points", "+%(points)s points", "Score")),
    *((lang, "Plan") for lang in ("es", "pl")),
    *(("pl", m) for m in ("Region", "Segment")),
    *(("de", m) for m in ("Details", "Playbook", "neutral")),  # the CTA page, review pack and measures
    *(("fr", m) for m in ("Playbook", "%(points)s points", "Note")),
    ("es", "no"),
    *(("de", m) for m in ("Status",)),  # form errors' field names and the nouns of "... not found"
    *((lang, "ticket") for lang in ("es", "fr")),
    ("es", "scorecard"),
    *(("fr", m) for m in ("Description", "article")),
    *(  # an ICP reason's punctuation, as in English (fr spaces ":" and ";", ja and zh use full-width ones)
        (lang, m)
        for lang in ("de", "es", "he", "pl")
        for m in ("%(first)s; %(second)s", "%(attribute)s %(value)s: %(outcomes)s", "%(field)s: %(problem)s")
    ),
}


@pytest.mark.parametrize("language", OTHER_LANGUAGES)
def test_every_string_is_translated_with_its_placeholders(language: str) -> None:
    catalogue = {
        (m.context, str(m.id)): str(m.string) for m in _catalogue(language) if m.id and isinstance(m.id, str)
    }
    said_in = translations(language)
    for context, msgid in [(None, i) for i in _ids()] + _context_ids():
        found = catalogue.get((context, msgid))
        assert found, f"{language}: {msgid!r} ({context}) is not translated"
        assert found != msgid or (language, msgid) in SAME_WORD, f"{language}: {msgid!r} is English"
        # as the pages get it, compiled in memory
        said = said_in.pgettext(context, msgid) if context else said_in.gettext(msgid)
        assert said == found, (language, context, msgid)
        assert sorted(PLACEHOLDER.findall(said)) == sorted(PLACEHOLDER.findall(msgid)), (language, msgid)


@pytest.mark.parametrize("language", OTHER_LANGUAGES)
def test_every_plural_has_each_form_of_the_language(language: str) -> None:
    catalog = _catalogue(language)
    ngettext = translations(language).ngettext
    assert _plural_ids(), "the staff UI's catalogue has plurals"
    for singular, plural in _plural_ids():
        message = catalog.get(singular)
        assert message is not None, (language, singular)
        forms = list(message.string)
        assert len(forms) == catalog.num_plurals and all(forms), (language, singular, forms)
        same = (language, singular) in SAME_WORD
        assert same or all(f not in (singular, plural) for f in forms), (language, singular)
        for n in (1, 2, 5, 22):
            said = ngettext(singular, plural, n)
            assert said in forms and PLACEHOLDER.findall(said) == ["num"], (language, n, said)


def test_language_tags() -> None:
    assert [
        resolve(t) for t in ("zh-TW", "zh-HK", "zh_Hant", "zh-CN", "zh", "iw", "de_AT", "pt-BR", None)
    ] == [
        "zh-Hant",
        "zh-Hant",
        "zh-Hant",
        "zh-Hans",
        "zh-Hans",
        "he",
        "de",
        None,
        None,
    ]
    assert negotiate(None, accept_language="pt-BR, fr;q=0.8, en;q=0.5") == "fr"
    assert negotiate("ja", accept_language="de") == "ja" and negotiate(None) == "en"


def test_labels_from_python_are_listed_for_extraction_as_the_domain_spells_them() -> None:
    """A renamed sort or default CTA type would otherwise show in English on a translated page."""
    assert set(labels.CTA_SORTS) == set(worklist.SORTS.values())
    assert set(labels.CTA_TYPES) == set(DEFAULT_TYPES.values())
    assert set(labels.PRIORITIES) == {label(p) for p in (*get_args(Priority), *TICKET_PRIORITIES)}
    assert set(labels.TICKET_STATUSES) == {s.label for s in DEFAULT_STATUSES}
    assert set(labels.TICKET_CHANNELS) == {label(c) for c in get_args(Channel)}
    assert set(labels.CSAT_SCALES) == set(get_args(CsatScale))
    shown = labels.CTA_SORTS + labels.CTA_TYPES + labels.PRIORITIES + labels.TICKET_STATUSES
    assert set(shown) | set(ticket_queue.SORTS.values()) <= set(_ids())


def test_templates_hold_every_string_the_code_marks(tmp_path: Path) -> None:
    """Each part's .pot is what `make messages` extracts now: a string marked for translation but left out of
    the template would show in English whatever the language."""
    root = Path(__file__).resolve().parents[2]
    pybabel = Path(sys.executable).with_name("pybabel")
    for cfg in sorted((root / "babel").glob("*.cfg")):
        out = tmp_path / f"{cfg.stem}.pot"
        command = [str(pybabel), "extract", "-F", str(cfg), "-o", str(out), "--omit-header", "--no-location"]
        subprocess.run([*command, "-k", "_", "."], cwd=root, check=True, capture_output=True)
        with out.open("rb") as fresh, (LOCALES / f"{cfg.stem}.pot").open("rb") as kept:
            assert {m.id for m in read_po(fresh)} == {m.id for m in read_po(kept)}, (
                f"run make messages ({cfg.stem})"
            )


def test_every_template_belongs_to_one_part() -> None:
    """A page outside every part would never be extracted, so its words could not be translated."""
    root = Path(__file__).resolve().parents[2]
    listed = [
        line.strip()[len("[jinja2: ") : -1]
        for cfg in sorted((root / "babel").glob("*.cfg"))
        for line in cfg.read_text(encoding="utf-8").splitlines()
        if line.strip().startswith("[jinja2: ")
    ]
    pages = sorted(str(p.relative_to(root)) for p in (root / "src/steward/web/templates").rglob("*.html"))
    assert sorted(set(listed)) == sorted(listed), "a template is in two parts"
    assert sorted(listed) == pages
