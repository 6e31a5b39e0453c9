"""Both catalogues are complete and the committed .mo files match the .po sources."""

from pathlib import Path

import pytest
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po

LOCALE = Path(__file__).resolve().parent.parent / "tanzim" / "locale"


def _key(msgid) -> str:
    return msgid if isinstance(msgid, str) else msgid[0]


def _text(string) -> str:
    """One text for a singular entry, the forms joined for a plural one (a list or a tuple)."""
    return string if isinstance(string, str) else "\u241e".join(string)


@pytest.mark.parametrize("language", ["ar", "fr"])
def test_catalogue_is_complete_and_compiled(language):
    folder = LOCALE / language / "LC_MESSAGES"
    with (folder / "django.po").open("rb") as handle:
        source = read_po(handle, locale=language)
    with (folder / "django.mo").open("rb") as handle:
        compiled = read_mo(handle)
    untranslated = [
        m.id for m in source if m.id and not (m.string if isinstance(m.string, str) else all(m.string))
    ]
    assert untranslated == []
    assert not [m.id for m in source if m.id and "fuzzy" in m.flags]
    source_pairs = {(_key(m.id), _text(m.string)) for m in source if m.id}
    compiled_pairs = {(_key(m.id), _text(m.string)) for m in compiled if m.id}
    assert source_pairs == compiled_pairs, "run `make messages` to recompile the catalogues"
