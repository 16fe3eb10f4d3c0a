"""The translation catalogues: complete, not fuzzy, compiled, and actually used by the pages.

The `.po` files are read with a small parser of our own, independent of Django's translation
machinery; the committed `.mo` files are read with the standard library's `gettext`, which is
what a fresh machine without gettext tools relies on.
"""

from __future__ import annotations

import ast
import gettext
import importlib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from django.test import Client

import ponte

LOCALE_DIR = Path(ponte.__file__).parent / "locale"
LANGUAGES = ("it", "en")
PLACEHOLDER = re.compile(r"%\(\w+\)[-#0 +]*\d*(?:\.\d+)?[sdif]|%[sdif]|\{\w*\}")


@dataclass
class Entry:
    """One message of a `.po` file."""

    context: str | None = None
    msgid: str = ""
    msgid_plural: str | None = None
    msgstr: dict[int, str] = field(default_factory=dict)
    flags: set[str] = field(default_factory=set)
    line: int = 0

    @property
    def label(self) -> str:
        return f"line {self.line}: {self.msgid!r}"


def parse_po(path: Path) -> list[Entry]:
    """The entries of a `.po` file, the header (empty msgid) included; obsolete ones skipped."""
    entries: list[Entry] = []
    entry = Entry()
    target: tuple[str, int] | None = None
    started = False

    def finish() -> None:
        nonlocal entry, started, target
        if started:
            entries.append(entry)
        entry, started, target = Entry(), False, None

    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = raw.strip()
        if not line:
            finish()
        elif line.startswith("#~"):
            continue
        elif line.startswith("#,"):
            if started:
                finish()
            entry.flags.update(flag.strip() for flag in line[2:].split(","))
        elif line.startswith("#"):
            continue
        elif line.startswith('"'):
            assert target is not None, f"{path}:{number}: continuation without a keyword"
            append(entry, target, ast.literal_eval(line))
        else:
            keyword, _, rest = line.partition(" ")
            if keyword in ("msgctxt", "msgid") and entry.msgstr:
                finish()
            if not started:
                started, entry.line = True, number
            index = 0
            if keyword.startswith("msgstr["):
                keyword, index = "msgstr", int(keyword[7:-1])
            target = (keyword, index)
            if keyword == "msgctxt":
                entry.context = ""
            elif keyword == "msgid_plural":
                entry.msgid_plural = ""
            elif keyword == "msgstr":
                entry.msgstr[index] = ""
            elif keyword != "msgid":
                raise AssertionError(f"{path}:{number}: unknown keyword {keyword!r}")
            append(entry, target, ast.literal_eval(rest))
    finish()
    return entries


def append(entry: Entry, target: tuple[str, int], text: str) -> None:
    keyword, index = target
    if keyword == "msgctxt":
        entry.context = (entry.context or "") + text
    elif keyword == "msgid":
        entry.msgid += text
    elif keyword == "msgid_plural":
        entry.msgid_plural = (entry.msgid_plural or "") + text
    else:
        entry.msgstr[index] += text


def po_path(language: str) -> Path:
    return LOCALE_DIR / language / "LC_MESSAGES" / "django.po"


def messages(language: str) -> list[Entry]:
    """Every entry but the header."""
    return [entry for entry in parse_po(po_path(language)) if entry.msgid]


def header(language: str) -> Entry:
    first = parse_po(po_path(language))[0]
    assert first.msgid == "", "the catalogue must start with its header"
    return first


def placeholders(text: str) -> list[str]:
    return sorted(PLACEHOLDER.findall(text))


@pytest.mark.parametrize("language", LANGUAGES)
def test_catalogue_has_a_header_with_two_plural_forms(language: str) -> None:
    head = header(language)
    assert "fuzzy" not in head.flags, "the header is still marked fuzzy"
    text = head.msgstr[0]
    assert f"Language: {language}\\n" in text.replace("\n", "\\n")
    assert "Plural-Forms: nplurals=2; plural=(n != 1);" in text
    assert "charset=UTF-8" in text or "charset=utf-8" in text


@pytest.mark.parametrize("language", LANGUAGES)
def test_catalogue_is_complete_and_not_fuzzy(language: str) -> None:
    entries = messages(language)
    assert len(entries) > 100, "the catalogue looks empty: run makemessages"
    fuzzy = [entry.label for entry in entries if "fuzzy" in entry.flags]
    untranslated = [
        entry.label
        for entry in entries
        if not entry.msgstr
        or any(not text for text in entry.msgstr.values())
        or (entry.msgid_plural is not None and sorted(entry.msgstr) != [0, 1])
    ]
    assert not fuzzy, f"{language}: fuzzy entries: {fuzzy}"
    assert not untranslated, f"{language}: untranslated entries: {untranslated}"


def test_italian_keeps_every_placeholder() -> None:
    wrong = []
    for entry in messages("it"):
        sources = [entry.msgid] if entry.msgid_plural is None else [entry.msgid_plural]
        for text in entry.msgstr.values():
            if placeholders(text) != placeholders(sources[0]):
                wrong.append((entry.label, text))
    assert not wrong, f"placeholders changed in translation: {wrong}"


def test_english_catalogue_repeats_the_source_strings() -> None:
    different = []
    for entry in messages("en"):
        expected = (
            {0: entry.msgid}
            if entry.msgid_plural is None
            else {0: entry.msgid, 1: entry.msgid_plural}
        )
        if entry.msgstr != expected:
            different.append(entry.label)
    assert not different, f"en: msgstr differs from msgid: {different}"


def mo_catalog(language: str) -> dict[Any, str]:
    path = po_path(language).with_suffix(".mo")
    assert path.exists(), f"{path} is missing: run `ponte compilemessages` and commit it"
    with path.open("rb") as fp:
        translations = gettext.GNUTranslations(fp)
    catalog: dict[Any, str] = translations._catalog  # type: ignore[attr-defined]
    return catalog


def expected_mo_entries(language: str) -> dict[Any, str]:
    """What the `.mo` compiled from the current `.po` must hold, in `gettext`'s own keys."""
    expected: dict[Any, str] = {}
    for entry in messages(language):
        key = entry.msgid if entry.context is None else f"{entry.context}\x04{entry.msgid}"
        if entry.msgid_plural is None:
            expected[key] = entry.msgstr[0]
        else:
            for index, text in entry.msgstr.items():
                expected[(key, index)] = text
    return expected


@pytest.mark.parametrize("language", LANGUAGES)
def test_compiled_catalogue_matches_the_po_file(language: str) -> None:
    compiled = {key: text for key, text in mo_catalog(language).items() if key != ""}
    expected = expected_mo_entries(language)
    missing = sorted(str(key) for key in expected.keys() - compiled.keys())
    stale = sorted(str(key) for key in compiled.keys() - expected.keys())
    changed = sorted(
        str(key) for key in expected.keys() & compiled.keys() if expected[key] != compiled[key]
    )
    hint = "the .mo is older than the .po: run `ponte compilemessages`"
    assert not missing, f"{language}: not compiled yet ({hint}): {missing}"
    assert not stale, f"{language}: compiled but no longer in the .po ({hint}): {stale}"
    assert not changed, f"{language}: compiled with another translation ({hint}): {changed}"


@pytest.mark.django_db
def test_home_page_is_italian_by_default_and_english_on_request(settings: Any) -> None:
    # The test suite runs in English (see conftest.py); restore the project's own default.
    project_default = importlib.import_module("ponte.settings").LANGUAGE_CODE
    assert project_default == "it"
    settings.LANGUAGE_CODE = project_default

    italian = Client().get("/")
    assert italian.status_code == 200
    html = italian.content.decode()
    assert '<html lang="it">' in html
    assert ">Fabbisogni</a>" in html
    assert ">Competenze</a>" in html
    assert ">Needs</a>" not in html

    client = Client()
    client.cookies["django_language"] = "en"
    english = client.get("/")
    assert english.status_code == 200
    html = english.content.decode()
    assert '<html lang="en">' in html
    assert ">Needs</a>" in html
    assert ">Competences</a>" in html
    assert ">Fabbisogni</a>" not in html


def test_every_string_of_the_code_is_in_the_catalogues(tmp_path: Path) -> None:
    """`makemessages` run on a copy of the code finds no message the committed catalogues
    lack: a string marked for translation but never translated would show in English on the
    Italian pages. Needs GNU gettext's xgettext (`make test` installs it when missing)."""
    import shutil
    import subprocess
    import sys

    if shutil.which("xgettext") is None:
        pytest.skip("SKIPPED: xgettext (GNU gettext) is not installed: `make gettext`")
    source = Path(ponte.__file__).parent
    copy = tmp_path / "ponte"
    shutil.copytree(
        source, copy, ignore=shutil.ignore_patterns("__pycache__", "*.mo", "static", "data")
    )
    subprocess.run(
        [
            sys.executable,
            "-m",
            "django",
            "makemessages",
            "-l",
            "it",
            "--no-obsolete",
            "--no-location",
            "--settings",
            "ponte.settings",
        ],
        cwd=copy,
        check=True,
        capture_output=True,
    )
    extracted = {(e.context, e.msgid) for e in parse_po(copy / "locale/it/LC_MESSAGES/django.po")}
    for language in LANGUAGES:
        known = {(e.context, e.msgid) for e in messages(language)}
        missing = sorted(msgid for _context, msgid in extracted - known if msgid)
        assert not missing, (
            f"{language}: strings of the code missing from the catalogue (run `make messages` "
            f"and translate them): {missing}"
        )
