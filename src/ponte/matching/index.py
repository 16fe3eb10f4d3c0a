"""The site's one search index, opened once per process and shared by every request.

The engine itself makes writes safe across processes (a directory lock around each commit)
and notices other processes' commits before each search, so a web process sees what a
background worker indexed at its next search. Here we only keep one engine (and one
embedding model) per process, on `settings.MATCHING_INDEX_DIR`.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from django.conf import settings

if TYPE_CHECKING:
    from ponte.matching.embeddings import CachedEmbedder
    from ponte.matching.engine import MatchingEngine

_lock = threading.RLock()
_state: dict[str, Any] = {"engine": None, "path": None, "embedder": None, "cache": None}


def index_path() -> Path:
    return Path(settings.MATCHING_INDEX_DIR)


def embedder() -> CachedEmbedder:
    """One embedder per process (the model loads once), with the on-disk vector cache."""
    from ponte.matching.embeddings import default_embedder

    cache = Path(settings.MATCHING_EMBED_CACHE)
    with _lock:
        if _state["embedder"] is None or _state["cache"] != cache:
            _state.update(embedder=default_embedder(cache), cache=cache)
        return _state["embedder"]


def get_engine() -> MatchingEngine:
    """The engine on `settings.MATCHING_INDEX_DIR`, opened on first use."""
    from ponte.matching.engine import MatchingEngine

    path = index_path()
    with _lock:
        if _state["engine"] is None or _state["path"] != path:
            reset()
            _state.update(engine=MatchingEngine(path, embedder=embedder()), path=path)
        return _state["engine"]


def reset() -> None:
    """Close the open engine (tests switch index directories); nothing is deleted."""
    with _lock:
        engine = _state["engine"]
        if engine is not None:
            engine.close()
        _state.update(engine=None, path=None)


@contextmanager
def writing() -> Iterator[MatchingEngine]:
    """The engine for a batch of upserts and deletes ending in `commit`, one batch at a time
    in this process (the engine serialises commits across processes)."""
    with _lock:
        yield get_engine()
