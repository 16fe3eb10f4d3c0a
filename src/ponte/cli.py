"""The `ponte` console command: Django's management commands with Ponte's settings."""

from __future__ import annotations

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ponte.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["ponte", *sys.argv[1:]])


if __name__ == "__main__":
    main()
