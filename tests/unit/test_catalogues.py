"""The respondent pages' message catalogues: every string of the template is translated in every language,
with the same %(name)s placeholders, and the language tags customers' records carry resolve as expected."""

from __future__ import annotations

import re

import pytest
from babel.messages.pofile import read_po

from steward.core.i18n import LANGUAGES, LOCALES, negotiate, resolve, translations

PLACEHOLDER = re.compile(r"%\((\w+)\)s")


def _ids() -> list[str]:
    with (LOCALES / "messages.pot").open("rb") as fh:
        return [str(m.id) for m in read_po(fh) if m.id]


@pytest.mark.parametrize("language", [lang for lang in LANGUAGES if lang != "en"])
def test_every_string_is_translated_with_its_placeholders(language: str) -> None:
    with (LOCALES / language.replace("-", "_") / "LC_MESSAGES" / "messages.po").open("rb") as fh:
        catalogue = {str(m.id): str(m.string) for m in read_po(fh) if m.id}
    gettext = translations(language).gettext
    for msgid in _ids():
        assert catalogue.get(msgid), f"{language}: {msgid!r} is not translated"
        said = gettext(msgid)  # as the pages get it, compiled in memory
        assert said == catalogue[msgid]
        assert sorted(PLACEHOLDER.findall(said)) == sorted(PLACEHOLDER.findall(msgid)), (language, msgid)


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
