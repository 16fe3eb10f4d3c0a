"""From the models to the engine's plain `Document`s: what each thing is, in words and codes.

Every document is built from everything the item says about itself, whoever may see it: the
index holds all items, and visibility is applied at query time (`selectors.allowed_keys`).
Texts carry both languages where the data has them (competence names, labels of code lists),
so lexical matching works across Italian and English as well as the dense embeddings do.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.db.models import Model, Prefetch, QuerySet
from django.utils import translation
from localflavor.it.it_province import PROVINCE_REGIONS

from ponte.accounts.selectors import Viewer
from ponte.competences.models import Competence, OrganisationCompetence, PersonCompetence
from ponte.members.constants import MembershipStatus, OrganisationKind
from ponte.members.models import Affiliation, Membership, Organisation, Person
from ponte.members.selectors import listed_organisations_q, visible_organisations, visible_people
from ponte.transfer.constants import Partnership
from ponte.transfer.models import InnovationNeed, MarketplaceItem, TechnologyOffer
from ponte.transfer.selectors import visible_needs, visible_offers

from .types import Document, Query

#: The kinds of document built from Ponte's own models, and the model of each.
KIND_MODELS: dict[str, type[Model]] = {
    "offer": TechnologyOffer,
    "need": InnovationNeed,
    "org": Organisation,
    "person": Person,
}

#: What to suggest for an item when the caller does not say: its complementary kinds.
COMPLEMENTARY_KINDS: dict[str, tuple[str, ...]] = {
    "need": ("offer", "org", "person"),
    "offer": ("need", "org"),
    "org": ("need", "offer", "org"),
    "person": ("need", "offer", "org"),
}

#: The longest item text used as a query; the rest adds little but noise and time.
QUERY_TEXT_CHARS = 1500

CHUNK = 200


def make_key(kind: str, pk: object) -> str:
    return f"{kind}:{pk}"


def split_key(key: str) -> tuple[str, str]:
    """("need", "12") from "need:12"; ValueError when it is not a key of a known kind (the id
    in ASCII digits: "need:²" and "need:٣" pass `str.isdigit` but are no id)."""
    kind, sep, ident = key.partition(":")
    if not sep or kind not in KIND_MODELS or not (ident.isascii() and ident.isdigit()):
        raise ValueError(key)
    return kind, ident


def both_languages(label: Any) -> str:
    """A translatable label in Italian and English, e.g. "Licenza / Licence agreement"."""
    texts = []
    for language in ("it", "en"):
        with translation.override(language):
            text = str(label)
        if text not in texts:
            texts.append(text)
    return " / ".join(texts)


def _label(choices: Any, value: str) -> Any:
    """The lazy (still translatable) label of a stored choice, or the value itself."""
    try:
        return choices(value).label
    except ValueError:
        return value


def region_of(province: str) -> str | None:
    """The Italian region of a province (its code: "MI" -> "LOM"), from django-localflavor's
    table; None for none or an unknown code. "Same region" means the same one of the twenty
    (every province outside Lombardy was once "Italia", so Padova shared Torino's region)."""
    return PROVINCE_REGIONS.get(province) if province else None


@dataclass(frozen=True)
class Built:
    """A document, and its descriptive content alone (no code-list labels, places or
    cluster names): the words worth searching with on the item's behalf."""

    document: Document
    content: str


@dataclass
class Taxonomy:
    """Every competence's code, names and broader term, read in one query."""

    parent: dict[str, str | None]
    names: dict[str, tuple[str, str]]

    @classmethod
    def load(cls) -> Taxonomy:
        rows = list(Competence.objects.values_list("pk", "code", "parent_id", "name_it", "name_en"))
        code_of = {pk: code for pk, code, *_ in rows}
        return cls(
            parent={code: code_of.get(parent_id) for _pk, code, parent_id, *_ in rows},
            names={code: (name_it, name_en) for _pk, code, _p, name_it, name_en in rows},
        )

    def ancestors(self, codes: Iterable[str]) -> tuple[str, ...]:
        """The broader terms of `codes`, nearest first, without the codes themselves."""
        own = set(codes)
        found: list[str] = []
        for code in codes:
            parent = self.parent.get(code)
            seen = 0
            while parent is not None and seen < 20:
                if parent not in own and parent not in found:
                    found.append(parent)
                parent = self.parent.get(parent)
                seen += 1
        return tuple(found)

    def names_text(self, codes: Iterable[str]) -> str:
        parts = []
        for code in codes:
            name_it, name_en = self.names.get(code, (code, code))
            parts.append(name_it if name_it == name_en else f"{name_it} / {name_en}")
        return "; ".join(parts)


def _join(*parts: str | None) -> str:
    return "\n".join(p.strip() for p in parts if p and p.strip())


def _codes(competences: Iterable[Competence]) -> tuple[str, ...]:
    return tuple(sorted({c.code for c in competences}))


def _item_common(
    item: MarketplaceItem, tax: Taxonomy, kind: str, texts: list[str], trl: int | None
) -> Built:
    org = item.organisation
    codes = _codes(item.competences.all())
    content = _join(item.title, *texts, tax.names_text(codes))
    text = _join(
        *texts,
        tax.names_text(codes),
        f"TRL {trl}" if trl else None,
        both_languages(_label(Partnership, item.partnership)),
        f"{org.name} ({both_languages(_label(OrganisationKind, org.kind))})",
        org.province_name,
        item.cluster.short_name,
    )
    doc = Document(
        key=make_key(kind, item.pk),
        kind=kind,
        id=str(item.pk),
        title=item.title,
        text=text,
        language=item.language or None,
        competences=codes,
        competence_ancestors=tax.ancestors(codes),
        trl=trl,
        partnership=item.partnership or None,
        org_kind=org.kind or None,
        cluster=item.cluster.slug,
        province=org.province or None,
        region=region_of(org.province),
    )
    return Built(doc, content)


def offer_document(offer: TechnologyOffer, tax: Taxonomy) -> Built:
    texts = [offer.summary, offer.advantages, offer.applications]
    return _item_common(offer, tax, "offer", texts, offer.trl)


def need_document(need: InnovationNeed, tax: Taxonomy) -> Built:
    return _item_common(need, tax, "need", [need.summary, need.expected_result], need.trl_min)


def _evidence_text(evidence: Iterable[Any]) -> str:
    return _join(*(f"{e.title}. {e.description}".strip(". ") for e in evidence))


def organisation_document(org: Organisation, tax: Taxonomy) -> Built:
    codes = _codes(link.competence for link in org.competence_links.all())
    clusters = [c for c in org.coordinated_clusters.all()]
    clusters += [m.cluster for m in org.active_memberships]  # type: ignore[attr-defined]
    content = _join(
        org.name,
        org.description_it,
        org.description_en,
        tax.names_text(codes),
        _evidence_text(org.evidence.all()),
    )
    text = _join(
        org.description_it,
        org.description_en,
        tax.names_text(codes),
        _evidence_text(org.evidence.all()),
        both_languages(_label(OrganisationKind, org.kind)),
        _join(org.city, org.province_name),
        "; ".join(dict.fromkeys(c.short_name for c in clusters)),
    )
    doc = Document(
        key=make_key("org", org.pk),
        kind="org",
        id=str(org.pk),
        title=org.name,
        text=text,
        competences=codes,
        competence_ancestors=tax.ancestors(codes),
        org_kind=org.kind or None,
        cluster=clusters[0].slug if clusters else None,
        province=org.province or None,
        region=region_of(org.province),
    )
    return Built(doc, content)


def person_document(person: Person, tax: Taxonomy) -> Built:
    codes = _codes(link.competence for link in person.competence_links.all())
    affiliations = list(person.current_affiliations)  # type: ignore[attr-defined]
    primary = affiliations[0].organisation if affiliations else None
    clusters = [m.cluster for m in primary.active_memberships] if primary else []
    content = _join(
        person.bio_it, person.bio_en, tax.names_text(codes), _evidence_text(person.evidence.all())
    )
    text = _join(
        person.bio_it,
        person.bio_en,
        tax.names_text(codes),
        _evidence_text(person.evidence.all()),
        "; ".join(
            f"{a.position} – {a.organisation.name}" if a.position else a.organisation.name
            for a in affiliations
        ),
    )
    doc = Document(
        key=make_key("person", person.pk),
        kind="person",
        id=str(person.pk),
        title=person.full_name,
        text=text,
        competences=codes,
        competence_ancestors=tax.ancestors(codes),
        org_kind=primary.kind if primary else None,
        cluster=clusters[0].slug if clusters else None,
        province=(primary.province or None) if primary else None,
        region=region_of(primary.province) if primary else None,
    )
    return Built(doc, content)


def _active_memberships(lookup: str = "memberships") -> Prefetch[Any]:
    return Prefetch(
        lookup,
        queryset=Membership.objects.filter(status=MembershipStatus.ACTIVE)
        .select_related("cluster")
        .order_by("activated_on", "pk"),
        to_attr="active_memberships",
    )


def _queryset(kind: str) -> QuerySet[Any]:
    """Everything a document of `kind` is built from, prefetched: a constant number of
    queries per chunk, whatever the number of items."""
    if kind in ("offer", "need"):
        model = TechnologyOffer if kind == "offer" else InnovationNeed
        return model.objects.select_related("organisation", "cluster").prefetch_related(
            "competences"
        )
    if kind == "org":
        return Organisation.objects.prefetch_related(
            Prefetch(
                "competence_links",
                queryset=OrganisationCompetence.objects.select_related("competence"),
            ),
            "evidence",
            "coordinated_clusters",
            _active_memberships(),
        )
    if kind == "person":
        # Only organisations anyone may see: a person's document is one for all viewers, and
        # an applicant's name, kind or province must not lead a visitor to its people (the
        # person page itself shows only the organisations its viewer may see). Admitting
        # the applicant re-indexes its people (`services._dependents`).
        listed = Organisation.objects.filter(listed_organisations_q()).values("pk")
        current = (
            Affiliation.objects.current()
            .filter(organisation__in=listed)
            .select_related("organisation")
            .prefetch_related(_active_memberships("organisation__memberships"))
            .order_by("-is_primary", "pk")
        )
        return Person.objects.prefetch_related(
            Prefetch(
                "competence_links", queryset=PersonCompetence.objects.select_related("competence")
            ),
            "evidence",
            Prefetch("affiliations", queryset=current, to_attr="current_affiliations"),
        )
    raise ValueError(kind)


BUILDERS: dict[str, Any] = {
    "offer": offer_document,
    "need": need_document,
    "org": organisation_document,
    "person": person_document,
}


#: Each indexed kind's visibility selector, from its own app: what a user may see of it.
VISIBLE_SELECTORS: dict[str, Any] = {
    "offer": visible_offers,
    "need": visible_needs,
    "org": visible_organisations,
    "person": visible_people,
}


class _AnyMember(AnonymousUser):
    """Any member of a cluster who has no organisation, staff seat or invitation of their
    own: what such a viewer sees, every member sees (`Viewer.is_member`)."""

    _ponte_viewer = Viewer(is_authenticated=True, member_cluster_ids=frozenset({0}))

    @property
    def is_authenticated(self) -> bool:  # type: ignore[override]
        return True


def _visible_ids(kind: str, ids: list[int] | None, user: Any) -> set[int]:
    """The items of `kind` (of `ids`) `user` may see now."""
    qs = VISIBLE_SELECTORS[kind](user)
    if ids is not None:
        qs = qs.filter(pk__in=ids)
    return set(qs.prefetch_related(None).order_by().values_list("pk", flat=True))


def iter_built(
    kind: str,
    ids: Iterable[int | str] | None = None,
    *,
    taxonomy: Taxonomy | None = None,
    mark_public: bool = True,
) -> Iterator[Built]:
    """Every item of `kind` (or those of `ids` that still exist) as a `Built` document,
    marked `public` when a visitor may see it and `members` when any member may (two
    queries; `mark_public=False` skips them for documents only read to make a query, never
    indexed)."""
    tax = taxonomy or Taxonomy.load()
    qs = _queryset(kind)
    wanted = None if ids is None else [int(i) for i in ids]
    if wanted is not None:
        qs = qs.filter(pk__in=wanted)
    public = _visible_ids(kind, wanted, AnonymousUser()) if mark_public else set()
    members = _visible_ids(kind, wanted, _AnyMember()) if mark_public else set()
    build = BUILDERS[kind]
    for obj in qs.order_by("pk").iterator(chunk_size=CHUNK):
        built = build(obj, tax)
        if obj.pk in public or obj.pk in members:
            document = replace(built.document, public=obj.pk in public, members=obj.pk in members)
            built = Built(document, built.content)
        yield built


def iter_documents(
    kind: str, ids: Iterable[int | str] | None = None, *, taxonomy: Taxonomy | None = None
) -> Iterator[Document]:
    """The documents of every item of `kind` (or of the given ids that still exist)."""
    for built in iter_built(kind, ids, taxonomy=taxonomy):
        yield built.document


def built_for_key(key: str, *, taxonomy: Taxonomy | None = None) -> Built | None:
    """The document of one item and its content, or None when the key names nothing; for
    making a query from the item (not marked `public`: `iter_built` does that for indexing)."""
    try:
        kind, ident = split_key(key)
    except ValueError:
        return None
    return next(iter_built(kind, [ident], taxonomy=taxonomy, mark_public=False), None)


def document_for_key(key: str, *, taxonomy: Taxonomy | None = None) -> Document | None:
    built = built_for_key(key, taxonomy=taxonomy)
    return built.document if built else None


def count_items() -> dict[str, int]:
    return {kind: model._default_manager.count() for kind, model in KIND_MODELS.items()}


def query_for(built: Built, kinds: Iterable[str] = (), exclude: Iterable[str] = ()) -> Query:
    """What to look for on behalf of an item: its own words and its structured profile."""
    doc = built.document
    return Query(
        text=built.content[:QUERY_TEXT_CHARS],
        kinds=tuple(kinds),
        competences=doc.competences,
        competence_ancestors=doc.competence_ancestors,
        trl=doc.trl,
        partnership=doc.partnership,
        cluster=doc.cluster,
        province=doc.province,
        exclude=frozenset({doc.key, *exclude}),
        origin=doc.kind,
        region=doc.region,
    )
