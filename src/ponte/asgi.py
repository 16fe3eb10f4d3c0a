"""ASGI entry point."""

import os

# numpy's BLAS on one thread (set before numpy loads): see ponte.cli.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("GOMP_SPINCOUNT", "2000")  # see matching/embeddings.py

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ponte.settings")
application = get_asgi_application()
