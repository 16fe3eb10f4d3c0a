"""The `ponte` console command: Django's management commands with Ponte's settings."""

from __future__ import annotations

import io
import os
import sys
import time
from collections.abc import Mapping

# When the `ponte` command started (set by `main`, None in any other process): a command with a
# time limit, such as `ponte schedule`, counts its own start-up against it.
STARTED: float | None = None


def main() -> None:
    global STARTED
    STARTED = time.monotonic()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ponte.settings")
    # numpy's BLAS on one thread, before numpy loads: matching's matrix-vector products are
    # memory-bound, and on a busy two-core machine a second BLAS thread mostly waits for a core
    # (measured 8.0 ms -> 0.45 ms a dense search at 10^4 documents; docs/matching.md).
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
    # The embedding model's OpenMP threads spin briefly, then sleep (see matching/embeddings.py:
    # a long-spinning thread on a busy machine multiplies query latency).
    os.environ.setdefault("GOMP_SPINCOUNT", "2000")
    # A terminal that cannot show "è" or "→" (LANG=C, PYTHONIOENCODING=ascii) gets "\\xe8"
    # rather than a traceback in place of the message.
    for stream in (sys.stdout, sys.stderr):
        if isinstance(stream, io.TextIOWrapper):
            stream.reconfigure(errors="backslashreplace")
    import django
    from django.core.exceptions import ImproperlyConfigured
    from django.core.management import execute_from_command_line
    from django.utils import translation

    try:
        django.setup()
    except ImproperlyConfigured as error:  # a setting the environment must give: one line
        sys.stderr.write(f"ponte: {error}\n")
        sys.exit(2)
    translation.activate(cli_language(os.environ))
    execute_from_command_line(["ponte", *sys.argv[1:]])


def cli_language(environ: Mapping[str, str]) -> str:
    """The language of the command line: the user's locale, read as gettext reads it
    (LANGUAGE, LC_ALL, LC_MESSAGES, LANG: the first set), Italian for `it*`, else English.
    The site is Italian-first; a terminal speaks what its user set (C, POSIX: English)."""
    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = environ.get(name, "").split(":")[0].strip().lower()
        if value:
            return "it" if value.startswith("it") else "en"
    return "en"


if __name__ == "__main__":
    main()
