"""The `ponte` console command: Django's management commands with Ponte's settings."""

from __future__ import annotations

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ponte.settings")
    # numpy's BLAS on one thread, before numpy loads: matching's matrix-vector products are
    # memory-bound, and on a busy two-core machine a second BLAS thread mostly waits for a core
    # (measured 8.0 ms -> 0.45 ms a dense search at 10^4 documents; docs/matching.md).
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
    # The embedding model's OpenMP threads spin briefly, then sleep (see matching/embeddings.py:
    # a long-spinning thread on a busy machine multiplies query latency).
    os.environ.setdefault("GOMP_SPINCOUNT", "2000")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["ponte", *sys.argv[1:]])


if __name__ == "__main__":
    main()
