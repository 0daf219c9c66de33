"""The message catalogs: every string the code and templates mark is in the English catalog, translated, with
the placeholders of its source; the compiled `.mo` the atlas reads is the `.po`'s. `scripts/catalogs` refreshes
them after a change."""

from __future__ import annotations

import io
import re
import subprocess
import sys
from pathlib import Path

import pytest
import typer.main
from babel.messages.catalog import Catalog
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po

from chainatlas import i18n
from chainatlas.cli import COMMANDS, app
from chainatlas.cli.help_texts import help_strings

ROOT = Path(__file__).resolve().parents[1]
LOCALE = ROOT / "src" / "chainatlas" / "locale"
PLACEHOLDER = re.compile(r"%\(\w+\)s|\{\w+(?::[^}]*)?\}")


def _po(lang: str) -> Catalog:
    with (LOCALE / lang / "LC_MESSAGES" / "messages.po").open("rb") as f:
        return read_po(f)


def _extracted(tmp_path: Path) -> Catalog:
    pot = tmp_path / "messages.pot"
    command = [str(Path(sys.executable).parent / "pybabel"), "-q", "extract", "--no-location", "-F", "babel.cfg",
               "-k", "N_", "-k", "lazy", "-k", "pgettext:1c,2", "-o", str(pot), "src/chainatlas"]  # fmt: skip
    subprocess.run(command, cwd=ROOT, check=True)
    with pot.open("rb") as f:
        return read_po(f)


def _keys(catalog: Catalog) -> set[tuple[str | None, str]]:
    return {(m.context, str(m.id)) for m in catalog if m.id}


def test_every_marked_string_is_in_the_english_catalog(tmp_path: Path) -> None:
    extracted, english = _keys(_extracted(tmp_path)), _keys(_po("en"))
    assert len(extracted) > 300
    assert extracted - english == set(), "run scripts/catalogs and translate the new strings"
    assert english - extracted == set(), "strings no longer in the code: run scripts/catalogs"


@pytest.mark.parametrize("lang", [lang for lang in i18n.LANGS if lang != i18n.SOURCE])
def test_every_string_is_translated_with_its_placeholders(lang: str) -> None:
    untranslated, placeholders = [], []
    for message in _po(lang):
        if not message.id:
            continue
        text, source = str(message.string), str(message.id)
        if not text.strip():
            untranslated.append(source)
        elif sorted(PLACEHOLDER.findall(text)) != sorted(PLACEHOLDER.findall(source)):
            placeholders.append(source)
    assert untranslated == [] and placeholders == []


@pytest.mark.parametrize("lang", [lang for lang in i18n.LANGS if lang != i18n.SOURCE])
def test_the_compiled_catalog_is_the_po(lang: str) -> None:
    with (LOCALE / lang / "LC_MESSAGES" / "messages.mo").open("rb") as f:
        compiled = read_mo(io.BytesIO(f.read()))
    written = {(m.context, str(m.id)): str(m.string) for m in _po(lang) if m.id}
    assert {(m.context, str(m.id)): str(m.string) for m in compiled if m.id} == written, "run scripts/catalogs"


def test_strings_read_in_the_language_of_their_context() -> None:
    assert i18n._("集群") == "集群" and i18n.pgettext("plural", "集群") == "集群"
    with i18n.language("en"):
        assert (i18n._("集群"), i18n.pgettext("plural", "集群")) == ("Cluster", "Clusters")
        assert i18n.listing(["2023", "2024"]) == "2023, 2024"
    assert i18n.listing(["2023", "2024"]) == "2023、2024" and i18n.current() == "zh"


def test_every_help_text_is_translated_in_the_help_catalog() -> None:
    """The commands' help (English in the code) has its Chinese in the `help` catalog, compiled as written."""
    path = LOCALE / "zh" / "LC_MESSAGES" / "help"
    with path.with_suffix(".po").open("rb") as f:
        chinese = {str(m.id): str(m.string) for m in read_po(f) if m.id}
    with path.with_suffix(".mo").open("rb") as f:
        compiled = {str(m.id): str(m.string) for m in read_mo(io.BytesIO(f.read())) if m.id}
    written = help_strings(COMMANDS, typer.main.get_command(app))
    assert len(written) > 150 and set(written) == set(chinese), "run scripts/catalogs"
    assert [text for text in written if not chinese[text].strip()] == [], "fill in locale/zh/LC_MESSAGES/help.po"
    assert compiled == chinese, "run scripts/catalogs"
