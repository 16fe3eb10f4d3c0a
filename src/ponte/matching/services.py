"""Every change of state of matching: index updates, rebuilds and feedback on suggestions."""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from ponte.accounts.services import log_action
from ponte.matching import index
from ponte.matching.documents import (
    KIND_MODELS,
    Built,
    Taxonomy,
    count_items,
    document_for_key,
    iter_built,
    iter_documents,
    make_key,
    query_for,
    split_key,
)
from ponte.matching.models import KEY_MAX_LENGTH, SuggestionFeedback
from ponte.matching.types import Document

REBUILD_BATCH = 64
#: Kinds whose suggestion panels get their query embedded during a rebuild (the pages of
#: offers and needs); the others are embedded when first shown, or when next saved.
WARM_ON_REBUILD = ("offer", "need")
#: Profiles (~80 words) embedded per second on two cores, measured on the demo: for messages.
EMBED_RATE = 6


def schedule_reindex(kind: str, pk: int | str) -> None:
    """Queue the index update of one item for when the current transaction commits.

    Called by the services that change offers, needs, organisations and people; the task
    re-reads the item, so a rolled-back change never reaches the index. A failure to enqueue
    is logged, never raised: the user's change is already saved.
    """
    from ponte.matching.tasks import reindex

    transaction.on_commit(lambda: reindex.enqueue(kind, str(pk)), robust=True)


def _dependents(kind: str, pk: str) -> list[tuple[str, list[int]]]:
    """Items whose documents quote this one: an organisation's name, kind and province
    appear in its offers, needs and people."""
    if kind != "org":
        return []
    from ponte.members.models import Affiliation
    from ponte.transfer.models import InnovationNeed, TechnologyOffer

    return [
        (
            "offer",
            list(TechnologyOffer.objects.filter(organisation_id=pk).values_list("pk", flat=True)),
        ),
        (
            "need",
            list(InnovationNeed.objects.filter(organisation_id=pk).values_list("pk", flat=True)),
        ),
        (
            "person",
            list(
                Affiliation.objects.current()
                .filter(organisation_id=pk)
                .values_list("person_id", flat=True)
            ),
        ),
    ]


def schedule_reindex_before_delete(kind: str, pk: int | str) -> None:
    """Queue the re-indexing of an item about to be deleted and of the items that quote it
    (a cascade may delete them too): run after the commit, each finds its item gone or
    changed. Found now, before the deletion makes them unfindable."""
    schedule_reindex(kind, pk)
    for dep_kind, ids in _dependents(kind, str(pk)):
        for dep_pk in ids:
            schedule_reindex(dep_kind, dep_pk)


def reindex(kind: str, pk: int | str) -> dict[str, int]:
    """Bring the index in line with the database for one item (and what quotes it):
    upsert what exists, delete what no longer does. Safe to run twice."""
    if kind not in KIND_MODELS:
        raise ValueError(f"unknown kind {kind!r}")
    pk = str(pk)
    tax = Taxonomy.load()
    own = list(iter_built(kind, [pk], taxonomy=tax))
    docs: list[Document] = [b.document for b in own]
    gone = [] if docs else [make_key(kind, pk)]
    for dep_kind, ids in _dependents(kind, pk):
        if ids:
            docs.extend(iter_documents(dep_kind, ids, taxonomy=tax))
    with index.writing() as engine:
        if docs:
            engine.upsert(docs)
        if gone:
            engine.delete(gone)
        engine.commit()
    warm_queries(own)
    return {"upserted": len(docs), "deleted": len(gone)}


def warm_queries(items: Iterable[Built]) -> None:
    """Embed the queries the items' suggestion panels will ask, into the shared cache, so
    that a panel's first showing does not wait for the model (~0.3-1.5 s per item)."""
    queries = [query_for(b) for b in items]
    if queries:
        index.embedder().queries(index.get_engine().query_texts(queries))


@dataclass
class RebuildReport:
    documents: int = 0
    deleted: int = 0
    seconds: float = 0.0
    per_kind: dict[str, int] = field(default_factory=dict)


def rebuild_index(progress: Callable[[str, int, int], None] | None = None) -> RebuildReport:
    """Index every offer, need, organisation and person again and drop keys of items that
    no longer exist; one commit at the end, so searches see the old or the new index whole.

    Unchanged texts are not embedded again: the embedding cache knows them.
    """
    started = time.monotonic()
    report = RebuildReport()
    tax = Taxonomy.load()
    totals = count_items()
    total = sum(totals.values())
    done = 0
    wanted: set[str] = set()
    to_warm: list[Built] = []
    with index.writing() as engine:
        for kind in KIND_MODELS:
            batch: list[Document] = []
            report.per_kind[kind] = 0
            for built in iter_built(kind, taxonomy=tax):
                batch.append(built.document)
                if kind in WARM_ON_REBUILD:
                    to_warm.append(built)
                if len(batch) >= REBUILD_BATCH:
                    engine.upsert(batch)
                    done += len(batch)
                    report.per_kind[kind] += len(batch)
                    wanted.update(d.key for d in batch)
                    batch = []
                    if progress:
                        progress(kind, done, total)
            if batch:
                engine.upsert(batch)
                done += len(batch)
                report.per_kind[kind] += len(batch)
                wanted.update(d.key for d in batch)
                if progress:
                    progress(kind, done, total)
        indexed = engine.keys()
        stale = {k for k in indexed if k.partition(":")[0] in KIND_MODELS and k not in wanted}
        if stale:
            engine.delete(stale)
        engine.mark_rebuilt()
        engine.commit()
    if progress:
        progress("queries", len(to_warm), len(to_warm))
    warm_queries(to_warm)
    report.documents = done
    report.deleted = len(stale)
    report.seconds = time.monotonic() - started
    return report


def index_status() -> dict[str, Any]:
    """How the index compares with the database, and how many updates wait for a worker."""
    engine = index.get_engine()
    keys = engine.keys()
    indexed: dict[str, int] = {}
    for key in keys:
        kind = key.partition(":")[0]
        indexed[kind] = indexed.get(kind, 0) + 1
    return {
        "path": str(index.index_path()),
        "documents": len(keys),
        "indexed": indexed,
        "in_database": count_items(),
        "pending_updates": pending_updates(),
        "analysis_current": engine.analysis_current(),
    }


def pending_updates() -> int | None:
    """Index updates queued in the database and not yet run (None without the DB backend)."""
    try:
        from django_tasks_db.models import DBTaskResult
    except ImportError:  # pragma: no cover - the backend is a dependency
        return None
    return (
        DBTaskResult.objects.ready().filter(task_path__startswith="ponte.matching.tasks.").count()
    )


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def clean_query(text: str) -> str:
    """Typed text without control characters (PostgreSQL text cannot hold NUL), trimmed."""
    return _CONTROL.sub(" ", text).strip()


def normalise_text_source(text: str) -> str:
    """The feedback source of a free-text search: "q:" and the words, lower-cased."""
    return ("q:" + " ".join(clean_query(text).lower().split()))[:KEY_MAX_LENGTH]


def _check_target(target: str) -> None:
    try:
        split_key(target)
    except ValueError:
        raise ValidationError({"target": _("Target: not a suggestion of this site.")}) from None


@transaction.atomic
def record_feedback(user: Any, source: str, target: str, useful: bool) -> SuggestionFeedback:
    """Remember that `user` found `target` (not) useful as a suggestion for `source`.

    The user must be able to see both (checked against the same visibility as the lists);
    the source's competences are kept so that similar sources can share the verdict.
    """
    from ponte.matching.selectors import allowed_keys

    if not getattr(user, "is_authenticated", False):
        raise PermissionDenied(_("Log in to rate suggestions."))
    _check_target(target)
    visible = allowed_keys(user)
    competences: list[str] = []
    if source.startswith("q:"):
        source = normalise_text_source(source[2:])
        if len(source) <= 2:
            raise ValidationError({"source": _("Source: the search has no words.")})
    else:
        try:
            split_key(source)
        except ValueError:
            raise ValidationError({"source": _("Source: not an item of this site.")}) from None
        if source not in visible:
            raise PermissionDenied(_("You cannot see this item."))
        doc = document_for_key(source)
        competences = list(doc.competences + doc.competence_ancestors) if doc else []
    if target not in visible:
        raise PermissionDenied(_("You cannot see this item."))
    feedback, _created = SuggestionFeedback.objects.update_or_create(
        user=user,
        source=source,
        target=target,
        defaults={"useful": useful, "source_competences": competences},
    )
    log_action(user, "matching.feedback", feedback, useful=useful)
    return feedback


@transaction.atomic
def withdraw_feedback(user: Any, source: str, target: str) -> None:
    """Forget a user's verdict on a suggestion."""
    if not getattr(user, "is_authenticated", False):
        raise PermissionDenied(_("Log in to rate suggestions."))
    if source.startswith("q:"):
        source = normalise_text_source(source[2:])
    deleted, _rows = SuggestionFeedback.objects.filter(
        user_id=user.pk, source=source, target=target
    ).delete()
    if deleted:
        log_action(user, "matching.feedback_withdrawn", None, source=source, target=target)
