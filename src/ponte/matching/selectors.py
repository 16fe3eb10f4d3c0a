"""Reads of matching: what a viewer may find, ranked suggestions, and their reasons in words.

Visibility comes first and from one place: `allowed_keys` asks the apps' own visibility
selectors which items the viewer may see, and the engine ranks only among those keys.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ponte.accounts.selectors import viewer_for
from ponte.competences.models import Competence
from ponte.matching import index
from ponte.matching.analysis import content_words
from ponte.matching.documents import (
    COMPLEMENTARY_KINDS,
    VISIBLE_SELECTORS,
    built_for_key,
    make_key,
    query_for,
    split_key,
)
from ponte.matching.feedback import Verdict, apply_feedback
from ponte.matching.models import SuggestionFeedback
from ponte.matching.services import normalise_text_source
from ponte.matching.types import KINDS, Allowed, Query, Result
from ponte.members.constants import OrganisationKind
from ponte.members.models import Affiliation, Organisation, Person
from ponte.transfer.constants import Partnership
from ponte.transfer.models import InnovationNeed, TechnologyOffer

#: Extra candidates asked of the engine so that feedback can drop and reorder.
FEEDBACK_MARGIN = 10
MAX_TOP = 100


class UnknownItem(LookupError):
    """The key names nothing the viewer may see (or nothing at all)."""


def allowed_keys(user: Any, kinds: Iterable[str] | None = None) -> Allowed:
    """The keys of every indexed item `user` may see, from the apps' visibility selectors,
    marked with whether `user` is a member of a cluster (which index scores them).

    Projects are not part of the site yet, so none is allowed."""
    wanted = tuple(kinds) if kinds else KINDS
    keys: set[str] = set()
    for kind in wanted:
        visible = VISIBLE_SELECTORS.get(kind)
        if visible is None:
            continue
        pks = visible(user).prefetch_related(None).order_by().values_list("pk", flat=True)
        keys.update(make_key(kind, pk) for pk in pks)
    return Allowed(keys, member=viewer_for(user).is_member)


def own_keys(key: str) -> set[str]:
    """Keys never worth suggesting for `key`: its own organisation, people and items."""
    kind, ident = split_key(key)
    pk = int(ident)
    org_ids: set[int] = set()
    if kind in ("offer", "need"):
        model = TechnologyOffer if kind == "offer" else InnovationNeed
        org_ids = set(model.objects.filter(pk=pk).values_list("organisation_id", flat=True))
    elif kind == "org":
        org_ids = {pk}
    elif kind == "person":
        org_ids = set(
            Affiliation.objects.current()
            .filter(person_id=pk)
            .values_list("organisation_id", flat=True)
        )
    if not org_ids:
        return set()
    keys = {make_key("org", o) for o in org_ids}
    keys.update(
        make_key("person", p)
        for p in Affiliation.objects.current()
        .filter(organisation_id__in=org_ids)
        .values_list("person_id", flat=True)
    )
    # Its organisation's offers and needs too, for an item as well: an organisation is never
    # proposed its own offer for its need (the staff could not propose it either).
    for item_kind, model in (("offer", TechnologyOffer), ("need", InnovationNeed)):
        keys.update(
            make_key(item_kind, p)
            for p in model.objects.filter(organisation_id__in=org_ids).values_list("pk", flat=True)
        )
    return keys


def _verdicts(targets: Collection[str]) -> list[Verdict]:
    rows = SuggestionFeedback.objects.filter(target__in=list(targets)).values_list(
        "user_id", "source", "target", "useful", "source_competences"
    )
    return [
        Verdict(user_id, source, target, useful, tuple(competences or ()))
        for user_id, source, target, useful, competences in rows
    ]


def _rank(
    user: Any,
    queries: Sequence[tuple[Query, str, Collection[str]]],
    top: int,
    visible: Allowed,
) -> list[list[Result]]:
    """Search for each (query, feedback source, source competences) among `visible`, then
    apply the feedback rule (see `feedback.py`)."""
    engine = index.get_engine()
    top = max(1, min(top, MAX_TOP))
    found = engine.search_many(
        [q for q, _s, _c in queries], top=top + FEEDBACK_MARGIN, allowed=visible
    )
    verdicts = _verdicts({r.key for results in found for r in results})
    viewer_id = getattr(user, "pk", None) if getattr(user, "is_authenticated", False) else None
    ranked = []
    for (_query, source, competences), results in zip(queries, found, strict=True):
        mine = [v for v in verdicts if any(v.target == r.key for r in results)]
        ranked.append(
            apply_feedback(
                results,
                mine,
                viewer_id=viewer_id,
                source=source,
                source_competences=competences,
                visible_sources=visible,
            )[:top]
        )
    return ranked


def has_words(text: str) -> bool:
    """Whether free text has a word to match. Text of stop words or punctuation alone ("il",
    "???") finds nothing: the embedding would still rank every document, and the nearest
    would come back explained as "close in meaning", which it is not."""
    return bool(content_words(text))


def search(user: Any, text: str, kinds: Iterable[str] = (), top: int = 10) -> list[Result]:
    """Free text, in Italian or English, among what `user` may see."""
    return search_many(user, [(text, kinds)], top)[0]


def search_many(
    user: Any, requests: Sequence[tuple[str, Iterable[str]]], top: int = 10
) -> list[list[Result]]:
    """Several free-text searches in one pass: one visibility check, one batch embedding."""
    wanted = [i for i, (text, _kinds) in enumerate(requests) if has_words(text)]
    queries = [
        (Query(text=text, kinds=tuple(kinds)), normalise_text_source(text), ())
        for text, kinds in (requests[i] for i in wanted)
    ]
    found = _rank(user, queries, top, allowed_keys(user)) if queries else []
    out: list[list[Result]] = [[] for _request in requests]
    for i, results in zip(wanted, found, strict=True):
        out[i] = results
    return out


def suggestions_for(
    user: Any, key: str, kinds: Iterable[str] | None = None, top: int = 10
) -> list[Result]:
    """What to propose for an existing item: its words and profile as the query; the item,
    its own organisation, people and items left out. UnknownItem if `user` may not see it."""
    visible = allowed_keys(user)
    if key not in visible:
        raise UnknownItem(key)
    built = built_for_key(key)
    if built is None:
        raise UnknownItem(key)
    doc = built.document
    wanted = tuple(kinds) if kinds else COMPLEMENTARY_KINDS.get(doc.kind, ())
    query = query_for(built, wanted, exclude=own_keys(key))
    return _rank(user, [(query, key, doc.competences + doc.competence_ancestors)], top, visible)[0]


# --- Presentation ------------------------------------------------------------------------


@dataclass
class CompetenceChip:
    code: str
    name: str
    url: str
    exact: bool


@dataclass
class Suggestion:
    """A result ready for a page: link, a line of context, reasons in words, and the
    viewer's verdict on it (None when not given)."""

    result: Result
    title: str
    url: str
    kind_label: str
    subtitle: str = ""
    competences: list[CompetenceChip] = field(default_factory=list)
    why: list[str] = field(default_factory=list)
    verdict: bool | None = None

    @property
    def key(self) -> str:
        return self.result.key


def kind_label(kind: str) -> str:
    return {
        "offer": _("Technology offer"),
        "need": _("Innovation need"),
        "org": _("Organisation"),
        "person": _("Person"),
        "project": _("Project"),
    }.get(kind, kind)


def describe(reasons: dict[str, Any]) -> list[str]:
    """The reasons of a result as short sentences (competences are shown as chips)."""
    lines: list[str] = []
    terms = reasons.get("matched_terms") or []
    if terms:
        lines.append(_("Words in common: %(terms)s") % {"terms": ", ".join(map(str, terms[:8]))})
    translated = reasons.get("translated_terms") or []
    if translated:
        lines.append(
            _("Same words in the other language: %(terms)s")
            % {"terms": ", ".join(map(str, translated[:6]))}
        )
    related = reasons.get("related_terms") or []
    if related:
        lines.append(_("Related words: %(terms)s") % {"terms": ", ".join(map(str, related[:6]))})
    if reasons.get("semantic") and not terms and not translated:
        lines.append(_("Close in meaning, also across Italian and English"))
    trl = reasons.get("trl_fit")
    if trl == "fit":
        lines.append(_("Mature enough: its TRL reaches the level sought"))
    elif trl == "near":
        lines.append(_("Nearly mature enough: one TRL below the level sought"))
    elif trl == "below":
        lines.append(_("Less mature than sought: two or more TRLs below"))
    partnership = reasons.get("partnership")
    if partnership:
        label = (
            Partnership(partnership).label
            if partnership in Partnership.values
            else str(partnership)
        )
        lines.append(_("Partnership: %(kind)s") % {"kind": label})
    org_kind = reasons.get("org_kind")
    if org_kind in OrganisationKind.values:
        lines.append(_("Research partner: %(kind)s") % {"kind": OrganisationKind(org_kind).label})
    if reasons.get("same_cluster"):
        lines.append(_("Same cluster"))
    if reasons.get("same_region"):
        lines.append(_("Same region"))
    count = reasons.get("feedback")
    if count:
        lines.append(
            ngettext(
                "Marked useful by %(count)d person for similar requests",
                "Marked useful by %(count)d people for similar requests",
                count,
            )
            % {"count": count}
        )
    return lines


def _details(results: Sequence[Result]) -> dict[str, tuple[str, str, str]]:
    """(title, url, subtitle) of each result, read with one query per kind."""
    ids: dict[str, list[int]] = {}
    for r in results:
        if r.id.isdigit():
            ids.setdefault(r.kind, []).append(int(r.id))
    out: dict[str, tuple[str, str, str]] = {}
    for kind, model, url_name in (
        ("offer", TechnologyOffer, "transfer:offer"),
        ("need", InnovationNeed, "transfer:need"),
    ):
        if kind in ids:
            for pk, title, org_name in model.objects.filter(pk__in=ids[kind]).values_list(
                "pk", "title", "organisation__name"
            ):
                out[make_key(kind, pk)] = (title, reverse(url_name, args=[pk]), org_name)
    if "org" in ids:
        for org in Organisation.objects.filter(pk__in=ids["org"]).only(
            "pk", "name", "slug", "kind", "city"
        ):
            subtitle = " · ".join(p for p in (org.get_kind_display(), org.city) if p)
            out[make_key("org", org.pk)] = (org.name, org.get_absolute_url(), subtitle)
    if "person" in ids:
        for person in Person.objects.filter(pk__in=ids["person"]).only(
            "pk", "title", "first_name", "last_name", "slug"
        ):
            out[make_key("person", person.pk)] = (
                person.full_name,
                person.get_absolute_url(),
                "",
            )
    return out


@dataclass
class HiddenSuggestion:
    """A suggestion the viewer marked not useful for a source, so no longer shown there."""

    key: str
    title: str
    url: str


def hidden_by(user: Any, source: str, kinds: Iterable[str] = ()) -> list[HiddenSuggestion]:
    """What `user` marked not useful for `source` (of `kinds`, all when empty) and may still
    see: listed under the suggestions, each with a button to show it again (a verdict is
    never a trap). One query for the verdicts, one per kind for visibility and titles."""
    viewer = viewer_for(user)
    if viewer.user_id is None or not source:
        return []
    wanted = tuple(kinds)
    by_kind: dict[str, list[int]] = {}
    order: list[str] = []
    for key in (
        SuggestionFeedback.objects.filter(user_id=viewer.user_id, source=source, useful=False)
        .order_by("-pk")
        .values_list("target", flat=True)
    ):
        try:
            kind, ident = split_key(key)
        except ValueError:
            continue
        if kind in VISIBLE_SELECTORS and (not wanted or kind in wanted):
            by_kind.setdefault(kind, []).append(int(ident))
            order.append(key)
    visible = {
        make_key(kind, pk)
        for kind, ids in by_kind.items()
        for pk in VISIBLE_SELECTORS[kind](user).filter(pk__in=ids).values_list("pk", flat=True)
    }
    shown = [key for key in order if key in visible]
    details = _details([Result(key, *split_key(key), key, 0.0) for key in shown])
    return [HiddenSuggestion(key, *details[key][:2]) for key in shown if key in details]


def _fallback_reason(result: Result, competences: dict[str, Competence]) -> str:
    """A reason for a result `describe` has no sentence for and that shares no competence
    chip (a glossary pair only partly written, a stem the alignment cannot show): every
    result on screen says why it is there."""
    related = [
        competences[str(code)].name
        for code in result.reasons.get("related_competences", [])
        if str(code) in competences
    ]
    if related:
        return _("Works in the fields of the best matches: %(names)s") % {
            "names": ", ".join(related[:3])
        }
    if result.reasons.get("lexical_rank"):
        return _("Same words in another form or language")
    return _("Close in meaning, also across Italian and English")


def present(user: Any, results: Sequence[Result], source: str | None = None) -> list[Suggestion]:
    """Results as `Suggestion`s, in a constant number of queries whatever their number."""
    details = _details(results)
    codes = {
        str(c.get("code"))
        for r in results
        for c in r.reasons.get("shared_competences", [])
        if isinstance(c, dict)
    } | {str(c) for r in results for c in r.reasons.get("related_competences", [])}
    competences = {c.code: c for c in Competence.objects.filter(code__in=codes)} if codes else {}
    verdicts: dict[str, bool] = {}
    viewer = viewer_for(user)
    if source and viewer.user_id is not None:
        verdicts = dict(
            SuggestionFeedback.objects.filter(
                user_id=viewer.user_id, source=source, target__in=[r.key for r in results]
            ).values_list("target", "useful")
        )
    suggestions = []
    for r in results:
        title, url, subtitle = details.get(r.key, (r.title, "", ""))
        if not url:
            continue  # gone from the database since it was indexed
        chips = []
        for shared in r.reasons.get("shared_competences", []):
            if not isinstance(shared, dict):
                continue
            competence = competences.get(str(shared.get("code")))
            if competence is not None:
                chips.append(
                    CompetenceChip(
                        competence.code,
                        competence.name,
                        competence.get_absolute_url(),
                        shared.get("match", "exact") == "exact",
                    )
                )
        suggestions.append(
            Suggestion(
                result=r,
                title=title,
                url=url,
                kind_label=kind_label(r.kind),
                subtitle=subtitle,
                competences=chips,
                why=describe(r.reasons) or ([] if chips else [_fallback_reason(r, competences)]),
                verdict=verdicts.get(r.key),
            )
        )
    return suggestions


def heading(key: str) -> tuple[str, str]:
    """(title, url) of an item, for the heading of its suggestions; call it only for a key
    the viewer may see (`suggestions_for` has checked)."""
    kind, ident = split_key(key)
    title, url, _subtitle = _details([Result(key, kind, ident, "", 0.0)]).get(key, ("", "", ""))
    return title, url
