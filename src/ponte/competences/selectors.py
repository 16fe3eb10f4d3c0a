"""Reads of the competence taxonomy and of who holds which competence."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import QuerySet

from ponte.competences.models import (
    Competence,
    Evidence,
    EvidenceKind,
    OrganisationCompetence,
    PersonCompetence,
)
from ponte.members.models import Organisation, Person
from ponte.members.selectors import visible_organisations, visible_people


@dataclass
class TermNode:
    """A taxonomy term with its narrower terms and how many visible holders its subtree has."""

    term: Competence
    depth: int = 0
    children: list[TermNode] = field(default_factory=list)
    organisations: int = 0
    people: int = 0


def _children_map(terms: list[Competence]) -> dict[int | None, list[Competence]]:
    children: dict[int | None, list[Competence]] = defaultdict(list)
    for term in terms:
        children[term.parent_id].append(term)
    return children


def descendant_ids(competence: Competence) -> set[int]:
    """The id of `competence` and of every narrower term below it (one query)."""
    children: dict[int | None, list[int]] = defaultdict(list)
    for pk, parent_id in Competence.objects.values_list("pk", "parent_id"):
        children[parent_id].append(pk)
    found, stack = {competence.pk}, [competence.pk]
    while stack:
        for child in children[stack.pop()]:
            if child not in found:
                found.add(child)
                stack.append(child)
    return found


def ancestors(competence: Competence) -> list[Competence]:
    """Broader terms from the root down to (excluding) `competence`."""
    by_id = {c.pk: c for c in Competence.objects.all()}
    chain: list[Competence] = []
    parent_id = competence.parent_id
    while parent_id is not None and parent_id in by_id and len(chain) < 20:
        chain.append(by_id[parent_id])
        parent_id = by_id[parent_id].parent_id
    return list(reversed(chain))


def taxonomy_tree(user: Any) -> list[TermNode]:
    """The whole taxonomy as a tree; counts are distinct visible organisations and people
    holding the term or a narrower one, so private profiles never shape a count."""
    terms = list(Competence.objects.all())
    org_holders: dict[int, set[int]] = defaultdict(set)
    for competence_id, org_id in OrganisationCompetence.objects.filter(
        organisation__in=visible_organisations(user)
    ).values_list("competence_id", "organisation_id"):
        org_holders[competence_id].add(org_id)
    person_holders: dict[int, set[int]] = defaultdict(set)
    for competence_id, person_id in PersonCompetence.objects.filter(
        person__in=visible_people(user)
    ).values_list("competence_id", "person_id"):
        person_holders[competence_id].add(person_id)
    children = _children_map(terms)

    def build(term: Competence, depth: int) -> tuple[TermNode, set[int], set[int]]:
        node = TermNode(term=term, depth=depth)
        orgs, people = set(org_holders[term.pk]), set(person_holders[term.pk])
        for child in children[term.pk]:
            child_node, child_orgs, child_people = build(child, depth + 1)
            node.children.append(child_node)
            orgs |= child_orgs
            people |= child_people
        node.organisations, node.people = len(orgs), len(people)
        return node, orgs, people

    return [build(root, 0)[0] for root in children[None]]


def competences_by_branch() -> list[tuple[Competence, list[tuple[Competence, int]]]]:
    """Each root term with every term of its branch (itself first) and its depth."""
    terms = list(Competence.objects.all())
    children = _children_map(terms)
    groups: list[tuple[Competence, list[tuple[Competence, int]]]] = []
    for root in children[None]:
        members: list[tuple[Competence, int]] = []
        stack = [(root, 0)]
        while stack:
            term, depth = stack.pop()
            members.append((term, depth))
            stack.extend((c, depth + 1) for c in reversed(children[term.pk]))
        groups.append((root, members))
    return groups


def organisations_with_competence(user: Any, competence: Competence) -> QuerySet[Organisation]:
    """Visible organisations holding the term or a narrower one."""
    return (
        visible_organisations(user)
        .filter(competence_links__competence_id__in=descendant_ids(competence))
        .distinct()
        .order_by("name")
    )


def people_with_competence(user: Any, competence: Competence) -> QuerySet[Person]:
    """Visible people holding the term or a narrower one."""
    return (
        visible_people(user)
        .filter(competence_links__competence_id__in=descendant_ids(competence))
        .distinct()
        .order_by("last_name", "first_name")
    )


def organisation_competences(organisation: Organisation) -> QuerySet[OrganisationCompetence]:
    return organisation.competence_links.select_related("competence").order_by(
        "competence__position", "competence__code"
    )


def person_competences(person: Person) -> QuerySet[PersonCompetence]:
    return person.competence_links.select_related("competence").order_by(
        "competence__position", "competence__code"
    )


def evidence_by_kind(
    organisation: Organisation | None = None, person: Person | None = None
) -> list[tuple[str, list[Evidence]]]:
    """Evidence of an organisation or a person, grouped by kind in the order of `EvidenceKind`,
    each with its competences prefetched; kinds without evidence are left out."""
    qs = Evidence.objects.prefetch_related("competences")
    if organisation is not None:
        qs = qs.filter(organisation=organisation)
    elif person is not None:
        qs = qs.filter(person=person)
    else:
        return []
    items = list(qs)
    groups = [(kind.label, [e for e in items if e.kind == kind]) for kind in EvidenceKind]
    return [(str(label), group) for label, group in groups if group]
