"""Bilingual model fields: a `foo_it` / `foo_en` pair read in the active language."""

from __future__ import annotations

from django.utils.translation import get_language


def _localized_with_language(obj: object, field: str) -> tuple[str, str]:
    lang = (get_language() or "it")[:2]
    order = [lang, "it" if lang != "it" else "en"]
    for code in order:
        value = getattr(obj, f"{field}_{code}", "") or ""
        if value:
            return str(value), code
    return "", ""


def localized(obj: object, field: str) -> str:
    """The value of `field` in the active language, falling back to the other one."""
    return _localized_with_language(obj, field)[0]


def localized_language(obj: object, field: str) -> str:
    """The language ("it", "en") of what `localized` shows: a fallback is in the other one,
    which the page must say (`lang`) for screen readers and hyphenation."""
    return _localized_with_language(obj, field)[1]


class LocalizedMixin:
    """Adds `tr(field)` so templates and code can ask for the right language."""

    def tr(self, field: str) -> str:
        return localized(self, field)
